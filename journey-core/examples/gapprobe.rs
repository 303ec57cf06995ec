fn main() {
    let m = journey_core::ScoringModel::default();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22);
    let j = journey_core::Journey::load("examples/data/electronics-retailer.json").unwrap();
    let s = j.score(&m).unwrap();
    println!("journey {:.1} conf {:.2}", s.score.value, s.score.confidence);
    for st in &s.stages { println!("stage {} {:.1} weakest {:?} reach {:?}", st.stage, st.score.value, st.weakest, st.reach); }
    let g = j.gaps(&m, as_of).unwrap();
    let mut counts = std::collections::BTreeMap::new();
    for x in &g { *counts.entry(x.kind.as_str()).or_insert(0) += 1; }
    println!("{} gaps {:?}", g.len(), counts);
    for x in g.iter().take(15) { println!("  [{}] {} {}", x.severity, x.kind, x.message); }
    let b = j.prioritize(&m, as_of).unwrap();
    for x in b.iter().take(10) { println!("#{} {} {} p={:.3} r={:.2} i={} c={:.2} e={} qw={}", x.rank, x.source, x.title, x.priority, x.reach, x.impact, x.confidence, x.effort, x.quick_win); }
}
