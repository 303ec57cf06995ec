fn main() {
    let m = journey_core::ScoringModel::default();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1);
    let mut files: Vec<_> = std::fs::read_dir("tests/fixtures/gaps").unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().unwrap() == "json" && !p.ends_with("cases.json")).collect();
    files.sort();
    for p in files {
        let j = journey_core::Journey::load(&p).unwrap();
        let g = j.gaps(&m, as_of).unwrap();
        println!("== {}: {:?}", p.file_name().unwrap().to_string_lossy(), g.iter().map(|g| g.kind.as_str()).collect::<Vec<_>>());
        for x in &g { println!("     [{}] {}", x.severity, x.message); }
    }
    let j = journey_core::Journey::load("tests/fixtures/gaps/clean.json").unwrap();
    let s = j.score(&m).unwrap();
    println!("journey {} conf {}", s.score.value, s.score.confidence);
    for st in &s.stages { println!("stage {} {} weakest {:?}", st.stage, st.score.value, st.weakest); }
    for t in &s.touchpoints { println!("tp {} {} opp {:?} conf {}", t.touchpoint, t.score.value, t.opportunity, t.score.confidence); }
    for b in j.prioritize(&m, as_of).unwrap() { println!("#{} {} {} p={:.3} qw={}", b.rank, b.source, b.title, b.priority, b.quick_win); }
}
