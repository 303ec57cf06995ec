// Checked with `tsc --noEmit` (never run): the package's .d.ts gives precise types.
import {
  Journey,
  JourneyBuilder,
  defaultScoringModel,
  diff,
  jsonSchema,
  schemaVersion,
  type BacklogItem,
  type Change,
  type Channel,
  type Component,
  type DiffOptions,
  type Document,
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
  type JourneyKind,
  type Problem,
  type Stage,
  type Touchpoint,
  type Transition,
} from '../../journey-wasm/pkg/node/journey_wasm.js';

const stage: Stage = { id: 'buy', name: 'Buy' };
const touchpoint: Touchpoint = {
  id: 'shop',
  name: 'Shop',
  stage: 'buy',
  channel: 'store',
  emotion: 1,
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
const same: boolean = again.equals(fromText) && fromBytes.equals(fromSheet);

const problems: Problem[] = journey.validate();
const stages: Stage[] = journey.stages();
const emotion: number | undefined = journey.touchpoint('shop')?.emotion;
const channel: Channel | undefined = journey.touchpoints()[0]?.channel;
const path: Touchpoint[] | null = journey.path('shop', 'kiosk');
const reaches: boolean = journey.reaches('shop', 'kiosk');
const kind: JourneyKind = journey.kind;
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
const nowhere: Location = { stage: null, touchpoint: null, transition: null, persona: null };
const gapText: string = `${gaps[0]?.severity} ${gaps[0]?.message} ${gaps[0]?.evidence.join()} ${location?.stage}`;
const isStale: boolean = gapKind === 'stale_map';

const backlog: BacklogItem[] = journey.prioritize();
const dated: BacklogItem[] = journey.prioritize({ asOf: '2026-11-01' });
const top: BacklogItem | undefined = backlog[0];
const priority: number | undefined = top && top.reach * top.impact * top.confidence / top.effort - top.priority + top.rank;
const quickWin: boolean | undefined = dated[0]?.quick_win;
const backlogText: string | undefined = top && `${top.source} ${top.kind} ${top.title} ${top.reach_basis} ${top.location.touchpoint}`;

const changes: JourneyDiff = diff(journey, again);
const changesWithModel: JourneyDiff = diff(journey, again, diffOptions);
const added: string[] = [...changes.stages_added, ...changes.touchpoints_removed];
const moved: Change<string>[] = [...changes.touchpoints_moved, ...changes.touchpoints_changed, ...changes.stages_changed];
const emotionChange: Change<number | null> | undefined = changes.emotion_changes[0];
const before: number | null | undefined = emotionChange?.before;
const noEmotion: Change<number | null> = { id: 'ad', field: 'emotion', before: 1, after: null };
const metricChanges: Change<number | null>[] = changes.metric_changes;
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
}

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
