import { loadLabelSet } from '../labels';
import { loadFormsTable, parsePattern, STRICTNESS_LEVELS, type FormsTable, type Strictness } from './forms';
import { buildLeakMatcher, type LeakHit } from './matcher';

const esc50 = loadLabelSet().labels.map((l) => l.name);
const { table } = loadFormsTable();
const at = (strictness: Strictness) => buildLeakMatcher(esc50, table, { strictness });
const leaks = (hits: LeakHit[]) =>
  hits.filter((h) => h.status === 'leak').map((h) => `${h.label}:${h.matched}`);

describe('parsePattern', () => {
  it('expands tagged words and reads gaps', () => {
    const p = parsePattern('(knock|rap)/v ~3 door/n', true);
    expect([...p.slots[0]].sort()).toEqual([
      'knock',
      'knocked',
      'knocking',
      'knocks',
      'rap',
      'rapped',
      'rapping',
      'raps',
    ]);
    expect([...p.slots[1]].sort()).toEqual(['door', 'doors']);
    expect(p.gaps).toEqual([3]);
  });
  it('ignores tags at the exact level', () => {
    expect([...parsePattern('dog/n', false).slots[0]]).toEqual(['dog']);
  });
  it('rejects malformed patterns with the pattern named', () => {
    expect(() => parsePattern('~2 dog', true)).toThrow(/pattern "~2 dog"/);
    expect(() => parsePattern('dog ~2', true)).toThrow(/cannot end/);
    expect(() => parsePattern('dog/q', true)).toThrow(/cannot read "dog\/q"/);
  });
});

describe('the bundled ESC-50 forms table', () => {
  it('has an entry for every ESC-50 class and compiles at every level', () => {
    expect(Object.keys(table.labels).sort()).toEqual([...esc50].sort());
    for (const s of STRICTNESS_LEVELS) expect(at(s).generatedLabels).toEqual([]);
  });
});

describe('buildLeakMatcher on ESC-50', () => {
  const m = at('inflections');

  it.each([
    ['A dog barks in the distance', 'dog:dog'],
    ['Several dogs are barking', 'dog:dogs'],
    ['a baby is crying in the next room', 'crying_baby:baby is crying'],
    ['babies cry while adults talk', 'crying_baby:babies cry'],
    ['Someone sneezes twice', 'sneezing:sneezes'],
    ['the children burst into laughter', 'laughing:laughter'],
    ['knocking on a wooden door', 'door_wood_knock:knocking on a wooden door'],
    ['an old door creaks open', 'door_wood_creaks:door creaks'],
    ['a man opens a can of soda', 'can_opening:opens a can'],
    ['the can is opened with a hiss', 'can_opening:can is opened'],
    ['A freight train passes by', 'train:train'],
    ['a man cuts a plank with a saw', 'hand_saw:saw'],
    ['Crows caw over the field', 'crow:Crows'],
    ['water is being poured into a glass', 'pouring_water:water is being poured'],
    ['The toilet is flushed', 'toilet_flush:toilet is flushed'],
    ['Church bells ring at noon', 'church_bells:Church bells'],
    ['a clock is ticking on the wall', 'clock_tick:clock is ticking'],
    ['Brushing his teeth at the sink', 'brushing_teeth:Brushing his teeth'],
    ['A CAT meows', 'cat:CAT'],
  ])('finds the label in %j', (text, expected) => {
    expect(leaks(m.match(text))).toContain(expected);
  });

  it.each([
    'I saw the boat leave the harbour',
    'you can hear people talking',
    'they train in the gym every day',
    'a doorbell rings and the door closes',
    'water runs from a tap',
  ])('finds nothing in the look-alike %j', (text) => {
    expect(leaks(m.match(text))).toEqual([]);
  });

  it.each([
    ['dogma', 'the dogma of the catalogue'],
    ['substrings', 'the crowd cheers, then the engineer speaks about a brainstorm in the catalogue'],
    ['hot dog', 'a vendor sells hot dogs'],
    ['rooster crows', 'a rooster loudly crows at dawn'],
    ['clap of thunder', 'a loud clap of thunder'],
    ['wind chimes', 'wind chimes tinkle on the porch'],
    ['sound waves', 'sound waves bounce off the walls'],
    ['fire engine', 'a fire engine drives past'],
    ['rain stick', 'someone shakes a rain stick'],
    ['seesaw', 'a seesaw squeaks in the park'],
  ])('does not count %s as a leak', (_name, text) => {
    const found = leaks(m.match(text));
    if (_name === 'rooster crows') expect(found).toEqual(['rooster:rooster']);
    else expect(found).toEqual([]);
  });

  it('keeps the lowest level and the span of each hit', () => {
    const [hit] = at('synonyms').match('A big dog.');
    expect(hit).toMatchObject({
      label: 'dog',
      level: 'exact',
      matched: 'dog',
      start: 6,
      end: 9,
      status: 'leak',
    });
    const [plural] = m.match('two dogs');
    expect(plural).toMatchObject({ level: 'inflections', start: 4, end: 8 });
  });

  it('applies strictness cumulatively', () => {
    expect(leaks(at('exact').match('dogs and a dog'))).toEqual(['dog:dog']);
    expect(leaks(at('inflections').match('the cockerel calls'))).toEqual([]);
    expect(leaks(at('synonyms').match('the cockerel calls'))).toEqual(['rooster:cockerel']);
    expect(leaks(at('synonyms').match('cars honking in traffic'))).toContain('car_horn:honking');
    expect(leaks(at('synonyms').match('someone typing quickly'))).toContain('keyboard_typing:typing');
    expect(leaks(at('synonyms').match('distant thunder rumbles'))).toContain('thunderstorm:thunder');
  });

  it('does not treat a generic word of a multi-word label as a leak', () => {
    for (const text of [
      'water flows',
      'a big fire',
      'a door slams',
      'a bell rings',
      'a horn blows',
      'birds fly',
    ])
      expect(leaks(at('synonyms').match(text))).toEqual([]);
  });

  it('does not match across sentences', () => {
    expect(leaks(m.match('Water flows. Then someone is pouring sand.'))).toEqual([]);
  });

  it('reports allowlisted phrases without counting them', () => {
    const allow = buildLeakMatcher(esc50, table, { allowlist: { dog: ['dog park'] } });
    const hits = allow.match('people chat at the dog park');
    expect(hits).toEqual([expect.objectContaining({ label: 'dog', status: 'allowlisted' })]);
    expect(() => buildLeakMatcher(esc50, table, { allowlist: { dinosaur: ['x'] } })).toThrow(/dinosaur/);
  });

  it('folds case, accents and possessives', () => {
    expect(leaks(m.match("The DÓG's bowl"))).toEqual(['dog:DÓG']);
  });
});

describe('buildLeakMatcher on another label set', () => {
  it('generates forms for labels the table lacks, e.g. UrbanSound8K', () => {
    const us8k = [
      'air_conditioner',
      'car_horn',
      'children_playing',
      'dog_bark',
      'drilling',
      'engine_idling',
      'gun_shot',
      'jackhammer',
      'siren',
      'street_music',
    ];
    const m = buildLeakMatcher(us8k, table);
    expect(m.generatedLabels).toEqual(us8k.filter((l) => !(l in table.labels)));
    expect(leaks(m.match('gun shots ring out near a jackhammer'))).toEqual([
      'gun_shot:gun shots',
      'jackhammer:jackhammer',
    ]);
    expect(leaks(m.match('an air conditioner hums'))).toEqual(['air_conditioner:air conditioner']);
  });

  it('uses a custom table', () => {
    const custom: FormsTable = {
      version: 't',
      labelSet: 'x',
      labels: { gong: { forms: ['gong/nv'], synonyms: ['tam tam'] } },
    };
    const m = buildLeakMatcher(['gong'], custom, { strictness: 'synonyms' });
    expect(leaks(m.match('gongs and a tam-tam'))).toEqual(['gong:gongs', 'gong:tam-tam']);
  });
});
