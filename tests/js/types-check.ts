// Checked with `tsc --noEmit` (never run): the package's .d.ts gives precise types.
import {
  Journey,
  JourneyBuilder,
  jsonSchema,
  schemaVersion,
  type Channel,
  type Document,
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
// @ts-expect-error the constructor is private: journeys come from fromJson, fromCsvSheet or a builder
new Journey();

console.log(version, same, problems, stages, path, reaches, kind, counts, reviewed, description, ids, firstChannel);
console.log(transitions, emotion, channel, badChannel);
