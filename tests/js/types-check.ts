// Checked with `tsc --noEmit` (never run): the package's .d.ts gives precise types.
import {
  CompareInputs,
  EventLog,
  Journey,
  JourneyBuilder,
  JourneyPartial,
  mergePartials,
  type PartialAnalyses,
  type PartialResults,
  attributionSvg,
  defaultScoringModel,
  funnelSvg,
  pathsSankeySvg,
  timeToConvertSvg,
  type AttributionInterval,
  type AttributionIntervalOptions,
  type AttributionIntervals,
  type Cohorts,
  type CohortOptions,
  type SurvivalStep,
  type TimeToConvert,
  type TimeToConvertOptions,
  type PathAnchor,
  type PathsAround,
  type DidThenOptions,
  type SelectOptions,
  type PathsOptions,
  type PathNode,
  diff,
  jsonSchema,
  schemaVersion,
  type BacklogItem,
  type Addressed,
  type Effect,
  type PrioritizeOptions,
  type WhatIf,
  type WhatIfChange,
  type TieOrder,
  type Change,
  type Channel,
  type Component,
  type DiffOptions,
  type Document,
  type Edit,
  type EditKind,
  type FullScoringModel,
  type Gap,
  type GapKind,
  type GapOptions,
  type JourneyDiff,
  type JourneyScore,
  type Location,
  type PartialScoringModel,
  type Score,
  type ScoreOptions,
  type ScoringModel,
  type StageScore,
  type Thresholds,
  type TouchpointScore,
  type Weights,
  type JourneyError,
  type ErrorKind,
  type HtmlOptions,
  type Lanes,
  type PosterSize,
  type SvgOptions,
  type JourneyKind,
  type StageWeighting,
  type TouchpointRole,
  type Problem,
  type Stage,
  type Touchpoint,
  type Transition,
  type Applied,
  type Attribution,
  type AttributionModelName,
  type AttributionOptions,
  type Dimension,
  type SessionOptions,
  type SwitchGroup,
  type SwitchPair,
  type Switches,
  type AttributionRow,
  type Cost,
  type CostOptions,
  type CostRow,
  type MarkovTransition,
  type OrderFit,
  type OrderSelection,
  type OrderSelectionOptions,
  type PositionCredit,
  type TransitionMatrix,
  type TransitionMatrixOptions,
  type Comparison,
  type ComparisonOptions,
  type FunnelOptions,
  type Conformance,
  type CustomerFitness,
  type Dfg,
  type Discovery,
  type DropOff,
  type EventArrays,
  type EventColumns,
  type Funnel,
  type FunnelStep,
  type JourneyOptions,
  type CustomerPath,
  type Loops,
  type PathCount,
  type ProgressCallback,
  type ProgressOptions,
  type ReasonCount,
  type ShareChange,
  type ShareTest,
  type TimestampInput,
  type TransitionStats,
  type Variant,
  type Visits,
  type PageOptions,
} from '../../journey-wasm/pkg/node/journey_wasm.js';

const stage: Stage = { id: 'buy', name: 'Buy' };
const touchpoint: Touchpoint = {
  id: 'shop',
  name: 'Shop',
  stage: 'buy',
  channel: 'store',
  emotion: 1,
  persona_expectations: { p: ['A short queue'] },
  pain_points: [{ description: 'Queue', severity: 3, share: 0.4 }],
  backstage: [{ lane: 'people', description: 'Cashier' }],
};
const kiosk: Touchpoint = { id: 'kiosk', name: 'Kiosk', stage: 'buy', channel: 'other:kiosk' };
const transition: Transition = { from: 'shop', to: 'kiosk' };

const builder = new JourneyBuilder('mini', 'Mini');
builder.stage(stage);
builder.touchpoint(touchpoint);
builder.touchpoint(kiosk);
builder.transition(transition);
builder.kind('future_state');
builder.entry('shop');
builder.goal('kiosk');
const journey: Journey = builder.build();
new JourneyBuilder('std', 'Standard', true).build();

const doc: Document = journey.toObject();
const version: number = doc.schema_version + schemaVersion();
const schema: string = jsonSchema();
const again: Journey = Journey.fromJson(doc);
const fromText: Journey = Journey.fromJson(journey.toJson());
const fromBytes: Journey = Journey.fromJson(new TextEncoder().encode(schema));
const fromSheet: Journey = Journey.fromCsvSheet('stage,touchpoint,channel\n', 'id', 'Name');
const fromWorkbook: Journey = Journey.fromXlsxSheet(new Uint8Array(), 'id', 'Name', 'Map');
const workbook: Uint8Array = fromWorkbook.toXlsx({ asOf: '2026-06-01', model: { weights: { pain: 2 } } });
const same: boolean = again.equals(fromText) && fromBytes.equals(fromSheet);

const problems: Problem[] = journey.validate();
const stages: Stage[] = journey.stages();
const emotion: number | undefined = journey.touchpoint('shop')?.emotion;
const channel: Channel | undefined = journey.touchpoints()[0]?.channel;
const path: Touchpoint[] | null = journey.path('shop', 'kiosk');
const reaches: boolean = journey.reaches('shop', 'kiosk');
const kind: JourneyKind = journey.kind;
const role: TouchpointRole = journey.role('shop');
const fileRole: TouchpointRole | undefined = journey.touchpoint('shop')?.role;
const theirExpectations: string[] | undefined = journey.touchpoint('shop')?.persona_expectations?.p;
// @ts-expect-error a persona's expectations are a list of texts
const badExpectations: Touchpoint = { ...kiosk, persona_expectations: { p: 'A short queue' } };
const weighting: StageWeighting = defaultScoringModel().stage_weighting;
const stageWeight: number = journey.score().stages[0].weight;
const judgedAs: TouchpointRole = journey.score().touchpoints[0].role;
// @ts-expect-error a role is entry, step or optional
const badRole: TouchpointRole = 'sometimes';
const counts: number = journey.touchpointCount + journey.transitionCount;
const reviewed: string | undefined = journey.reviewedOn;
const description: string | undefined = journey.description;
const ids: string[] = [
  ...journey.stageTouchpoints('buy'),
  ...journey.personaTouchpoints('p'),
  ...journey.channelTouchpoints('web'),
  ...journey.successors('shop'),
  ...journey.predecessors('kiosk'),
  ...journey.entries(),
  ...journey.goals(),
].map((t) => t.id);
const persona = journey.persona('p');
const firstChannel: Channel | undefined = persona?.preferred_channels?.[0];
const transitions: Transition[] = journey.transitions();

// Scores, gaps, the backlog and diffs.
const defaults: FullScoringModel = defaultScoringModel();
const painWeight: number = defaults.weights.pain;
const staleDays: number = defaultScoringModel().thresholds.stale_after_days;
const asModel: ScoringModel = defaults;
const weights: Weights = { pain: 2 };
const thresholds: Thresholds = { drop_off: 0.5 };
const partial: PartialScoringModel = { weights: { pain: 2 }, thresholds };
const scoreOptions: ScoreOptions = { model: partial, persona: 'p' };
const gapOptions: GapOptions = { model: { weights }, asOf: '2026-11-01' };
const diffOptions: DiffOptions = { model: asModel };

const scores: JourneyScore = journey.score();
const personaScores: JourneyScore = journey.score(scoreOptions);
journey.score({ model: { weights: { emotion: 0 } } });
const scorePersona: string | null = personaScores.persona;
const overall: Score = scores.score;
const value: number = overall.value + overall.confidence;
const components: Component[] = overall.components;
const componentText: string = `${components[0]?.name} ${components[0]?.value} ${components[0]?.weight} ${components[0]?.detail}`;
const missing: string[] = overall.missing;
const stageScores: StageScore[] = scores.stages;
const weakest: string | null | undefined = stageScores[0]?.weakest;
const reached: number | null = scores.stages.map((s) => s.reach)[0] ?? null;
const reach: number | null | undefined = stageScores[0]?.reach;
const touchpointScores: TouchpointScore[] = scores.touchpoints;
const opportunity: (number | null)[] = touchpointScores.map((t) => t.opportunity);
const scoredIn: string | undefined = touchpointScores[0]?.stage;

const gaps: Gap[] = journey.gaps();
const datedGaps: Gap[] = journey.gaps(gapOptions);
const gapKind: GapKind | undefined = datedGaps[0]?.kind;
const location: Location | undefined = gaps[0]?.location;
const transitionAt: [string, string] | null = gaps.map((g) => g.location.transition)[0] ?? null;
// Fields that do not apply are null, as in the JSON the objects are shaped like.
const nowhere: Location = { stage: null, touchpoint: null, transition: null, persona: null, pain_point: null, kpi: null };
const gapText: string = `${gaps[0]?.severity} ${gaps[0]?.message} ${gaps[0]?.evidence.join()} ${location?.stage}`;
const isStale: boolean = gapKind === 'stale_map';

const backlog: BacklogItem[] = journey.prioritize();
const dated: BacklogItem[] = journey.prioritize({ asOf: '2026-11-01' });
const top: BacklogItem | undefined = backlog[0];
const priority: number | undefined = top && top.reach * top.impact * top.confidence / top.effort - top.priority + top.rank;
const quickWin: boolean | undefined = dated[0]?.quick_win;
const backlogText: string | undefined = top && `${top.source} ${top.kind} ${top.title} ${top.reach_basis} ${top.location.touchpoint}`;
const held: Addressed[] = top?.addresses ?? [];
const heldText: string = held.map((a) => `${a.source} ${a.kind} ${a.id ?? ''} ${a.touchpoint ?? ''} ${a.severity}`).join();
const effect: Effect | null | undefined = top?.effect;
const effectText: string = effect ? `${effect.conversions} ${effect.value} ${effect.basis} ${effect.changes[0]?.share}` : '';
const importance: number | undefined = top?.importance;

const changes: JourneyDiff = diff(journey, again);
const changesWithModel: JourneyDiff = diff(journey, again, diffOptions);
const added: string[] = [...changes.stages_added, ...changes.touchpoints_removed];
const moved: Change<string>[] = [...changes.touchpoints_moved, ...changes.touchpoints_changed, ...changes.stages_changed];
const emotionChange: Change<number | null> | undefined = changes.emotion_changes[0];
const before: number | null | undefined = emotionChange?.before;
const noEmotion: Change<number | null> = { id: 'ad', field: 'emotion', before: 1, after: null };
const metricChanges: Change<number | null>[] = changes.metric_changes;
const edits: Edit[] = changes.edits;
const editKind: EditKind | undefined = edits[0]?.change;
const editText: string | undefined = edits[0] && `${edits[0].item} ${edits[0].id} ${edits[0].field} ${edits[0].path} ${edits[0].line}`;
const editBefore: unknown = edits[0]?.before;
const diffLines: string[] = changes.lines;
const scoreChanges: Change<number>[] = changesWithModel.score_changes;
const newTransitions: [string, string][] = [...changes.transitions_added, ...changes.transitions_removed];
console.log(painWeight, staleDays, value, componentText, missing, weakest, reach, opportunity, scoredIn, scorePersona);
console.log(transitionAt, gapText, isStale, priority, quickWin, backlogText, added, moved, before, metricChanges);
console.log(scoreChanges, newTransitions, reached, nowhere, noEmotion);

try {
  Journey.fromJson('{');
} catch (e) {
  const error = e as JourneyError;
  const where: string[] = (error.problems ?? []).map((p) => `${error.kind} ${p.path}: ${p.message}`);
  console.log(where, error.message);
  const path: string | undefined = error.path;
  const line: number | undefined = error.line;
  const column: number | string | undefined = error.column;
  const row: number | undefined = error.row;
  console.log(path, line, column, row);
}

// Event logs and their analytics.
const columns: Partial<EventColumns> = { outcome: 'converted', segment: 'segment', reason: 'why' };
const progress: ProgressCallback = (bytesRead: number, totalBytes: number) => console.log(bytesRead / totalBytes);
const fromCsv: EventLog = EventLog.fromCsv('customer_id,timestamp,touchpoint\n', columns, progress);
const fromBytesLog: EventLog = EventLog.fromCsv(new TextEncoder().encode(''), { customer: 'who' });
const whenever: TimestampInput[] = ['2026-03-01T10:00:00Z', 1772359200, new Date()];
const arrays: EventArrays = {
  customer: ['a', 'a', 'b'],
  timestamp: whenever,
  touchpoint: ['ad', 'site', 'site'],
  channel: ['paid_ads', null, undefined],
  reason: [null, 'too expensive', undefined],
  outcome: [0, true, 12.5],
};
const log: EventLog = EventLog.fromArrays(arrays);
const ties: TieOrder = 'input';
const ordered: EventLog = EventLog.fromArrays({ ...arrays, sequence: [1, null, undefined] }, { ties });
const byRows: EventLog = EventLog.fromCsv('', { sequence: 'seq', ties: 'canonical' });
// @ts-expect-error a tie order is canonical or input
EventLog.fromArrays(arrays, { ties: 'shuffled' });
// @ts-expect-error sequence numbers are numbers
EventLog.fromArrays({ ...arrays, sequence: ['1', '2', '3'] });
void [ordered, byRows];
const fromFile: Promise<EventLog> = EventLog.fromFile(new Blob(['']), columns, progress);
// Following and stopping long calls: a callback, or { onProgress, signal }.
const follow: ProgressOptions = { onProgress: (done: number, total: number) => done < total, signal: new AbortController().signal };
const followed: Discovery = log.discover(follow);
void [followed, log.funnel(['ad'], progress), log.conformance(journey, { signal: follow.signal })];
// @ts-expect-error a progress callback takes numbers
log.loops(undefined, (done: string) => done);
void fromFile.then((l: EventLog) => l.customerCount);
const sizes: number = log.length + log.customerCount + log.conversions;

const discovery: Discovery = log.discover();
const graph: Dfg = log.dfg();
const firstMove: number = graph.transitions[0].count + graph.starts.length + graph.ends.length;
const flows: TransitionStats[] = discovery.transitions;
const slowest: number | undefined = flows[0] && flows[0].p95_seconds - flows[0].median_seconds + flows[0].mean_seconds;
const variants: Variant[] = discovery.variants;
const variantPath: string[] | undefined = variants[0]?.path;
const visits: Visits[] = discovery.visits;
const dropoff: DropOff[] = discovery.dropoff;
const reasons: ReasonCount[] = dropoff[0]?.reasons ?? [];
const firstReason: [string, number] | undefined = reasons[0] && [reasons[0].reason, reasons[0].customers];
const startCount: number | undefined = discovery.starts[0]?.count;

const funnel: Funnel = log.funnel(['ad', 'site']);
const funnelSteps: FunnelStep[] = [...funnel.steps, ...log.stageFunnel(journey).steps];
const stepRates: number[] = funnelSteps.map((s) => s.customers * s.step_conversion * s.overall_conversion);
const windowed: Funnel = log.funnel(['ad', 'site'], { withinDays: 0.5, strict: false });
const stepTimes: (number | null)[] = windowed.steps.flatMap((s) => [
  s.median_seconds, s.p25_seconds, s.p75_seconds, s.p90_seconds, s.min_seconds, s.max_seconds,
]);
const journeyOptions: JourneyOptions = { lookbackDays: 30, includeConversion: false, keepAfterConversion: true };
const journeys: EventLog = log.journeys(journeyOptions);
const customerPaths: CustomerPath[] = journeys.customerPaths();
const pathOf: [string, string[], boolean, number][] = customerPaths.map((p) => [p.customer, p.touchpoints, p.converted, p.value]);
const perConversion: Attribution = log.attribution({ model: 'last_touch', perConversion: true, lookbackDays: 30 });
void [stepTimes, pathOf, perConversion, log.journeys()];

const modelName: AttributionModelName = 'time_decay';
const attributionOptions: AttributionOptions = { model: modelName, halfLifeDays: 3, collapse: false };
const markov: Attribution = log.attribution();
const attributed: Attribution[] = [
  log.attribution(attributionOptions),
  log.attribution({ model: 'markov', order: 2 }),
  log.attribution({ model: 'position_based', first: 0.3, last: 0.5 }),
];
const rows: AttributionRow[] = markov.rows;
const removal: number | null | undefined = rows[0]?.removal_effect;
const probability: number | null | undefined = markov.conversion_probability;

const conformance: Conformance = log.conformance(journey);
const fitness: number = conformance.fitness + conformance.fully_conforming + conformance.starts_outside_entries;
const perCustomer: CustomerFitness[] = conformance.per_customer;
const unexpected: PathCount[] = conformance.unexpected;
const untaken: [string, string][] = conformance.untaken;
const unknownTouchpoints = conformance.unknown_touchpoints;
const loops: Loops[] = [log.loops(), log.loops(journey)];
const loopMoves: PathCount[] = loops[0]?.moves ?? [];

const comparisonOptions: ComparisonOptions = { journey, alpha: 0.01, minChange: 0.1, funnel: ['ad', 'site'] };
const comparison: Comparison = log.compare(fromCsv, comparisonOptions);
const shares: ShareChange[] = [...comparison.transitions, ...comparison.dropoff, ...log.compare(log).funnel];
const significant: boolean[] = shares.map((s) => s.significant && s.p_value < 0.05 && s.b_share - s.a_share === s.change);
const tests: ShareTest[] = shares.map((s) => s.test);
const qValues: number[] = shares.map((s) => s.q_value);
// @ts-expect-error the test is one of its names
const unknownTest: ShareTest = 'chi2';
const comparisonGaps: Gap[] = comparison.gaps;
const segment: EventLog = log.filterSegment('online');
const personaLog: EventLog = log.forPersona(journey, 'savvy');
// @ts-expect-error a persona is named by its id
log.forPersona(journey, 3);
const lenient: SelectOptions = { strict: false };
const soon: DidThenOptions = { withinSeconds: 3600, strict: true };
const selected: EventLog = log
  .selectAtStep(['ad', 'site'], 1, lenient)
  .selectDroppedAtStep(['ad', 'site', 'checkout'], 0)
  .selectDid('ad')
  .selectDidNot('email', lenient)
  .selectDidThen('ad', 'checkout', soon)
  .selectTopVariants(3);
const selectedIds: string[] = selected.customerIds;
console.log(selectedIds);
// @ts-expect-error options are camelCase
log.selectDidThen('ad', 'checkout', { within_seconds: 60 });
// @ts-expect-error a step is its index
log.selectAtStep(['ad'], 'ad');
const period: EventLog[] = [
  log.filterPeriod('2026-03-01', '2026-04-01'),
  log.filterPeriod(1772323200, 1775001600000),
  log.filterPeriod(new Date(2026, 2, 1), new Date(2026, 3, 1)),
];

const sessionOptions: SessionOptions = { timeoutMinutes: 45, useColumn: false };
const sessionLogs: EventLog[] = [log.sessions(), log.sessions(sessionOptions)];
const sessionIds: string[] = sessionLogs[0]?.customerIds ?? [];
const dimension: Dimension = 'device';
const byChannel: EventLog = log.by('channel');
const switches: Switches = log.switches(dimension);
const switchPairs: SwitchPair[] = switches.pairs;
const switchGroups: SwitchGroup[] = [switches.with_switch, switches.without_switch];
const switchRates: (number | null | undefined)[] = switchGroups.map((g) => g.conversion_rate);
const valueWeighted: boolean = log.attribution({ model: 'markov', valueWeighted: true }).value_weighted;
console.log(sessionIds, byChannel, switchPairs.map((p) => `${p.from}>${p.to} ${p.switches} ${p.customers.customers}`), switchRates, valueWeighted);
// @ts-expect-error a dimension is one of its names
log.by('screen');
// @ts-expect-error options are camelCase
log.sessions({ timeout_minutes: 30 });

const observed: Journey = journey.apply(log);
const observedFromDiscovery: Journey = journey.apply(discovery);
const appliedInfo: Applied | undefined = undefined;
console.log(fromBytesLog, sizes, slowest, variantPath, visits, dropoff, startCount, stepRates, attributed, removal);
console.log(probability, fitness, perCustomer, unexpected, untaken, unknownTouchpoints, loopMoves, significant);
console.log(comparisonGaps, segment, personaLog, period, observed, observedFromDiscovery, appliedInfo, firstMove, firstReason);

const whatIfChanges: WhatIfChange[] = [
  { change: 'completion', touchpoint: 'cart', completion: 0.9 },
  { change: 'remove_transition', from: 'cart', to: 'site' },
];
const whatIf: WhatIf = log.whatIf(whatIfChanges);
const whatIfText: string = `${whatIf.customers} ${whatIf.conversions_before} ${whatIf.conversions_after} ${whatIf.value_after}`;
const alone: number[] = whatIf.changes.map((c) => c.conversions + c.value + c.before);
const withEffects: BacklogItem[] = journey.prioritize({ asOf: '2026-11-01', log } satisfies PrioritizeOptions);
console.log(whatIfText, alone, withEffects, heldText, effectText, importance);
// @ts-expect-error a change names its kind
log.whatIf([{ touchpoint: 'cart', completion: 1 }]);
// @ts-expect-error a removal names both ends
log.whatIf([{ change: 'remove_transition', from: 'cart' }]);

const costOptions: CostOptions = { models: ['shapley', 'ordered_shapley'], collapse: true };
const cost: Cost = log.cost({ ad: 10 }, costOptions);
const costRows: CostRow[] = cost.rows;
const costPerConversion: (number | null)[] = costRows.map((r) => r.cost_per_conversion ?? r.roas);
const costCurrency: string | null | undefined = log.cost({ ad: 10 }, { currency: 'EUR' }).currency;
console.log(costCurrency);
// @ts-expect-error a currency is text
log.cost({ ad: 10 }, { currency: 978 });
const positions: PositionCredit[] | null = log.attribution({ model: 'ordered_shapley' }).positions;
const matrixOptions: TransitionMatrixOptions = { order: 2, collapse: false };
const matrix: TransitionMatrix = log.transitionMatrix(matrixOptions);
const moves: MarkovTransition[] = matrix.rows;
const selectionOptions: OrderSelectionOptions = { maxOrder: 3 };
const selection: OrderSelection = log.markovOrderSelection(selectionOptions);
const fits: OrderFit[] = selection.rows;
console.log(costPerConversion, positions, moves.map((m) => m.probability), fits.map((f) => f.bic), selection.chosen);
const intervalOptions: AttributionIntervalOptions = { model: 'linear', resamples: 100, level: 0.9, seed: 7 };
const intervals: AttributionIntervals = log.attributionIntervals(intervalOptions, (done, total) => done < total);
const intervalRows: AttributionInterval[] = intervals.rows;
console.log(intervalRows.map((r) => [r.touchpoint, r.share, r.low, r.high]), intervals.resamples, intervals.model);
// @ts-expect-error options are camelCase
log.attributionIntervals({ model: 'linear', per_conversion: true });
// @ts-expect-error options are camelCase
log.markovOrderSelection({ max_order: 3 });
// @ts-expect-error spend is money
log.cost({ ad: '10' });
// @ts-expect-error model names are a closed list
log.attribution({ model: 'uplift' });
// @ts-expect-error options are camelCase
log.attribution({ model: 'time_decay', half_life_days: 3 });
// @ts-expect-error compare takes an EventLog
log.compare(discovery);
// @ts-expect-error the journey in the options is a Journey, not a document
log.compare(log, { journey: doc });
// @ts-expect-error steps are touchpoint ids
log.funnel([1, 2]);
const planned: FunnelOptions = { strict: false, onProgress: (done: number, total: number) => done <= total };
void log.funnel(['ad', 'checkout'], planned).steps;
// @ts-expect-error strict is a boolean
log.funnel(['ad'], { strict: 'no' });
// @ts-expect-error options are camelCase
journey.toHtml({ as_of: '2026-01-01' });
const html: HtmlOptions = { asOf: '2026-01-01', top: 3, svg: { persona: 'savvy' }, model: { thresholds: { drop_off: 0.5 } } };
void journey.toHtml(html);
// @ts-expect-error apply takes a Discovery or an EventLog
journey.apply(funnel);
// @ts-expect-error outcomes are numbers or booleans
EventLog.fromArrays({ customer: ['a'], timestamp: [1], touchpoint: ['x'], outcome: ['1'] });
// @ts-expect-error the customer column is required
EventLog.fromArrays({ timestamp: [1], touchpoint: ['x'] });
// @ts-expect-error unknown column option
EventLog.fromCsv('', { customers: 'who' });
// @ts-expect-error the constructor is private: logs come from fromCsv, fromFile or fromArrays
new EventLog();

// The types reject what the library would reject.
// @ts-expect-error a channel is one of the names or other:<name>
const badChannel: Channel = 'fax';
// @ts-expect-error a touchpoint needs a stage and a channel
builder.touchpoint({ id: 'x', name: 'X' });
// @ts-expect-error ids are strings
journey.successors(3);
// @ts-expect-error kinds are a closed list
builder.kind('someday');
// @ts-expect-error there is no such method
journey.scores();
// @ts-expect-error weights are numbers
journey.score({ model: { weights: { pain: 'high' } } });
// @ts-expect-error unknown option
journey.gaps({ as_of: '2026-11-01' });
// @ts-expect-error a persona is an id
journey.score({ persona: 1 });
// @ts-expect-error gap kinds are a closed list
const badKind: GapKind = 'bad_vibes';
// @ts-expect-error diff takes journeys, not documents
diff(doc, journey);
// @ts-expect-error a location's missing fields are null, not undefined
const partialLocation: Location = { stage: 'buy' };
// @ts-expect-error the options are an object
journey.gaps('2026-11-01');
// @ts-expect-error the constructor is private: journeys come from fromJson, fromCsvSheet or a builder
new Journey();

console.log(version, same, problems, stages, path, reaches, kind, counts, reviewed, description, ids, firstChannel);
console.log(transitions, emotion, channel, badChannel, badKind, partialLocation);

// Pictures: strings out.
const size: PosterSize = 'a3_landscape';
const lanes: Partial<Lanes> = { backstage: false, flow: true, voice: false };
const svgOptions: Partial<SvgOptions> = { persona: 'savvy', lanes, size };
const posters: string[] = [journey.toSvg(), journey.toSvg({}), journey.toSvg(svgOptions), journey.toSvg({ size: 'auto' })];
const mermaid: string = journey.toMermaid() + journey.toMermaid('savvy');
const fromMermaid: Journey = Journey.fromMermaid(mermaid, 'day');
const fromMermaidNoId: Journey = Journey.fromMermaid(mermaid);
const dot: string = journey.toDot();
const htmlOptions: Partial<HtmlOptions> = { svg: { persona: 'savvy' }, asOf: '2026-11-01', top: 5, model: { weights: { pain: 2 } } };
const reports: string[] = [journey.toHtml(), journey.toHtml(htmlOptions), journey.toHtml({}, log), journey.toHtml(undefined, log)];
// PDF and PNG: bytes out; the page's options beside the poster's or the report's.
const page: PageOptions = { page: 'a4_landscape', dpi: 150, fonts: [new Uint8Array(0)] };
const pictures: Uint8Array[] = [
  journey.posterPdf(), journey.posterPdf({ ...svgOptions, ...page }), journey.posterPng({ dpi: 192 }),
  journey.reportPdf(), journey.reportPdf({ ...htmlOptions, page: 'a4' }, log),
];
console.log(pictures.length);
const charts: string[] = [funnelSvg(funnel), funnelSvg(log.stageFunnel(journey)), attributionSvg(markov), attributionSvg(markov, 'EUR'), attributionSvg(markov, null)];
const pathsOptions: Partial<PathsOptions> = { steps: 2 };
const paths: PathsAround = log.pathsAround('cart', pathsOptions);
const everyVisit: PathsAround = log.pathsAround('cart', { anchor: 'every' });
const anchored: [PathAnchor, number, number] = [everyVisit.anchor, everyVisit.customers, everyVisit.visits];
console.log(anchored);
// @ts-expect-error the anchor is "first" or "every"
log.pathsAround('cart', { anchor: 'all' });
const firstNode: PathNode | undefined = paths.nodes[0];
const sankeys: string[] = [pathsSankeySvg(paths), pathsSankeySvg(log.pathsAround('cart'), journey), pathsSankeySvg(paths, null)];
console.log(firstNode?.marker, paths.before_other.customers, sankeys);
// @ts-expect-error pathsSankeySvg takes a PathsAround
pathsSankeySvg(funnel);
// @ts-expect-error steps are a number
log.pathsAround('cart', { steps: '2' });
const timeOptions: TimeToConvertOptions = { asOf: new Date('2026-03-31') };
const time: TimeToConvert = log.timeToConvert(timeOptions);
const firstStep: SurvivalStep | undefined = time.curve[0];
const kmMedian: number | null | undefined = time.km_median_seconds;
const seOrNull: number | null | undefined = firstStep?.standard_error;
const cohortOptions: Partial<CohortOptions> = { period: 'week' };
const cohorts: Cohorts = log.cohorts(cohortOptions);
const timeCharts: string[] = [timeToConvertSvg(time), timeToConvertSvg(log.timeToConvert())];
const repeats: number = log.discover().repeat_customers + (cohorts.cohorts[0]?.retention[0]?.customers ?? 0);
console.log(kmMedian, seOrNull, timeCharts, repeats, log.timeToConvert({ asOf: '2026-03-31' }), log.cohorts());
// @ts-expect-error periods are a closed list
log.cohorts({ period: 'year' });
// @ts-expect-error options are camelCase
log.timeToConvert({ as_of: 0 });
// @ts-expect-error timeToConvertSvg takes a TimeToConvert
timeToConvertSvg(cohorts);
const inEuro: string | undefined = journey.withCurrency('EUR').currency;
const plain: Journey = journey.withCurrency(null);
console.log(inEuro, plain);
const mermaidKind: ErrorKind = 'mermaid';
console.log(posters, fromMermaid, fromMermaidNoId, dot, reports, charts, mermaidKind);

// @ts-expect-error sizes are a closed list
journey.toSvg({ size: 'a5' });
// @ts-expect-error lanes are switched with booleans
journey.toSvg({ lanes: { flow: 'no' } });
// @ts-expect-error a persona is an id
journey.toMermaid(1);
// @ts-expect-error Mermaid text is a string
Journey.fromMermaid(new Uint8Array());
// @ts-expect-error options are camelCase, the report's too
journey.toHtml({ as_of: '2026-11-01' });
// @ts-expect-error the scoring model is data: its fields keep the file's snake_case names
journey.toHtml({ model: { thresholds: { quickWinImpact: 5 } } });
// @ts-expect-error the log is an EventLog, not its discovery
journey.toHtml({}, discovery);
// @ts-expect-error funnelSvg takes a Funnel
funnelSvg(markov);
// @ts-expect-error attributionSvg takes an Attribution
attributionSvg(funnel);
// @ts-expect-error kinds are a closed list
const badErrorKind: ErrorKind = 'mermaid_syntax';
console.log(badErrorKind);
// @ts-expect-error a JSON path is text
const badPath: number | undefined = ({} as JourneyError).path;
console.log(badPath);

// Partials: the class is JourneyPartial, so TypeScript's own Partial<T> keeps its meaning in this module.
const someOptions: Partial<{ alpha: number; minChange: number }> = { alpha: 0.1 };
const analysesAsked: PartialAnalyses = { discover: {}, funnel: { steps: ['a', 'b'] }, 'markov:2': { order: 2 } };
const part: JourneyPartial = log.partial(analysesAsked);
const sent: Uint8Array = part.toBytes();
const merged: JourneyPartial = mergePartials([part, sent]).merge(JourneyPartial.fromBytes(sent));
const finished: PartialResults = merged.finish();
const inputs = finished.compare;
if (inputs instanceof CompareInputs) {
  console.log(inputs.compare(inputs, { funnel: ['a', 'b'] }).loops);
}
console.log(someOptions, merged.analyses, merged.customers, merged.events);
// @ts-expect-error bytes are a Uint8Array
JourneyPartial.fromBytes('JRNYPART');
