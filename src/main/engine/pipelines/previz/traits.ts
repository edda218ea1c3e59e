import type { Character, Location } from '../../../../shared/domain';
import { mix, parseHex, shade, toHex } from './palette';
import { Rng, seedOf } from './random';
import type { FigureLook, HairStyle, HeadWear, OuterWear, PlanLocation, SceneBiome, ScenePropKind } from './types';

/*
 * Reads the creator's continuity text (look, wardrobe, location description) for the few
 * visual cues a stylised figure or plate can show. Only the derived traits enter the plan, so
 * rewording a description without changing what it shows keeps the cached take valid.
 */

const COLOR_WORDS: Record<string, string> = {
  red: '#b8352b',
  crimson: '#9e1f2e',
  orange: '#e07b24',
  yellow: '#f1c232',
  mustard: '#c9a227',
  gold: '#d4a017',
  green: '#2f9e5b',
  olive: '#6b7436',
  teal: '#1f8e8a',
  blue: '#2f6fc4',
  navy: '#223a5e',
  denim: '#3b5b85',
  purple: '#7d4aa0',
  violet: '#7d4aa0',
  pink: '#e38fb1',
  brown: '#6e4a2e',
  tan: '#c3a57a',
  khaki: '#b8a878',
  beige: '#d8c6a2',
  canvas: '#cdbb94',
  cream: '#efe4c8',
  white: '#ecebe7',
  black: '#25252a',
  grey: '#80858f',
  gray: '#80858f',
  silver: '#b4b8c0',
};

const HAIR_COLORS: Record<string, string> = {
  black: '#1b1715',
  dark: '#2a1f1a',
  brown: '#5a3b24',
  chestnut: '#6b3a1f',
  blond: '#d8b56c',
  blonde: '#d8b56c',
  fair: '#d8b56c',
  red: '#9b3b1b',
  ginger: '#b0521f',
  auburn: '#7f2f1c',
  white: '#e7e4dd',
  grey: '#a4a4a4',
  gray: '#a4a4a4',
  silver: '#bfc2c6',
  pink: '#e38fb1',
  blue: '#3d6fc0',
  green: '#3a9a60',
  purple: '#7d4aa0',
};

const SKIN_TONES = ['#f3cfb1', '#e6b48f', '#d29a72', '#b47852', '#8d5638', '#643c26'] as const;
const LEG_COLORS = ['#2f3542', '#3d405b', '#4a4e69', '#54463a', '#2d3a3a', '#3e3a36'] as const;
const NATURAL_HAIR = ['#1b1715', '#2a1f1a', '#5a3b24', '#6b3a1f', '#d8b56c', '#9b3b1b'] as const;
const HAIR_STYLES: readonly HairStyle[] = ['short', 'long', 'bun', 'curly', 'ponytail', 'buzz'];

const words = (text: string) => text.toLowerCase().match(/[a-z]+/g) ?? [];

/** The first colour word within `span` words before one of `nouns`, e.g. "yellow rain jacket". */
function colorBefore(text: string, nouns: readonly string[], table: Record<string, string>, span = 3): string | null {
  const w = words(text);
  for (let i = 0; i < w.length; i++) {
    if (!nouns.includes(w[i]!)) continue;
    for (let j = i - 1; j >= Math.max(0, i - span); j--) {
      const c = table[w[j]!];
      if (c) return c;
    }
  }
  return null;
}

const has = (text: string, pattern: RegExp) => pattern.test(text.toLowerCase());

/** Proportions and colouring that identify a character in every shot, plus what its look and wardrobe say. */
export function figureLook(character: Character, projectSeed: number, look: string, wardrobe: string): FigureLook {
  const rng = new Rng(seedOf('figure', projectSeed, character.id));
  const color = toHex(parseHex(character.color));
  const skin = rng.pick(SKIN_TONES);
  const legs = rng.pick(LEG_COLORS);
  const headScale = Math.round(rng.range(0.93, 1.08) * 1000) / 1000;
  const shoulders = Math.round(rng.range(0.105, 0.135) * 1000) / 1000;
  const hips = Math.round(rng.range(0.085, 0.11) * 1000) / 1000;
  let hair: HairStyle = rng.pick(HAIR_STYLES);
  let hairColor: string = rng.pick(NATURAL_HAIR);

  // Look: hair length and colour, beard, glasses; age words grey the hair.
  if (has(look, /\bbald\b/)) hair = 'bald';
  else if (has(look, /\b(buzz|shaved|crew)\b/)) hair = 'buzz';
  else if (has(look, /\bponytail\b/)) hair = 'ponytail';
  else if (has(look, /\b(bun|topknot)\b/)) hair = 'bun';
  else if (has(look, /\b(curly|curls|afro)\b/)) hair = 'curly';
  else if (has(look, /\blong\b/)) hair = 'long';
  else if (has(look, /\bshort\b/)) hair = 'short';
  const aged = has(look, /\b(sixties|seventies|eighties|elderly|old|senior|grey|gray)\b/);
  hairColor = colorBefore(look, ['hair', 'hairs', 'curls', 'ponytail', 'bun'], HAIR_COLORS) ?? (aged ? '#b9b9b9' : hairColor);
  const beard = has(look, /\b(beard|bearded|stubble|moustache|mustache)\b/);
  const beardColor = colorBefore(look, ['beard', 'stubble', 'moustache', 'mustache'], HAIR_COLORS) ?? hairColor;
  const glasses = has(look, /\b(glasses|spectacles|specs|sunglasses)\b/);

  // Wardrobe: the outer garment and its colour, headwear, scarf, and a garment tied at the waist.
  const outerWords: [OuterWear, RegExp][] = [
    ['coat', /\b(coat|trench|overcoat|parka|raincoat)\b/],
    ['jacket', /\b(jacket|blazer|cardigan|windbreaker)\b/],
    ['suit', /\b(suit|tuxedo)\b/],
    ['apron', /\bapron\b/],
    ['dress', /\b(dress|gown|skirt)\b/],
    ['hoodie', /\b(hoodie|sweatshirt)\b/],
  ];
  const waistTie = has(wardrobe, /\b(tied|knotted|wrapped)\b[^.]*\bwaist\b/);
  const off = has(wardrobe, /\b(off|removed|gone)\b/);
  let outer: OuterWear = 'none';
  for (const [kind, re] of outerWords) {
    if (has(wardrobe, re)) {
      outer = kind;
      break;
    }
  }
  const outerNouns = [
    'coat',
    'trench',
    'overcoat',
    'parka',
    'raincoat',
    'jacket',
    'blazer',
    'cardigan',
    'suit',
    'apron',
    'dress',
    'gown',
    'skirt',
    'hoodie',
    'sweatshirt',
  ];
  const outerColor =
    colorBefore(wardrobe, outerNouns, COLOR_WORDS) ??
    (outer === 'apron' ? COLOR_WORDS.canvas! : toHex(shade(mix(parseHex(color), [40, 40, 50], 0.35), 0.9)));
  // "Rain jacket off, tied around her waist": no longer worn, but still seen at the hips.
  if (waistTie || off) outer = 'none';

  let headwear: HeadWear = 'none';
  if (has(wardrobe, /\bveil\b/)) headwear = 'veil';
  else if (has(wardrobe, /\b(beanie|toque)\b/)) headwear = 'beanie';
  else if (has(wardrobe, /\b(cap|baseball)\b/)) headwear = 'cap';
  else if (has(wardrobe, /\b(hat|fedora|stetson|bowler)\b/)) headwear = 'hat';
  else if (has(wardrobe, /\bhood\s+up\b/)) headwear = 'hood';
  // A veil "pushed back" still sits on the head, just off the face, as the figure draws it.
  const headwearColor =
    colorBefore(wardrobe, ['hat', 'cap', 'beanie', 'veil', 'hood', 'fedora', 'toque'], COLOR_WORDS) ??
    (headwear === 'veil' ? '#eeeae0' : toHex(shade(parseHex(outerColor), 0.8)));
  const scarf = has(wardrobe, /\b(scarf|shawl)\b/);

  return {
    color,
    skin,
    legs,
    headScale,
    shoulders,
    hips,
    hair,
    hairColor,
    beard,
    beardColor,
    glasses,
    outer,
    outerColor,
    headwear,
    headwearColor,
    scarf,
    waistTie,
  };
}

const BIOMES: [SceneBiome, RegExp][] = [
  ['city', /\b(city|street|rooftop|roof|skyline|downtown|alley|building|urban|town|stairwell|parking)\b/],
  ['coast', /\b(beach|sea|ocean|shore|harbou?r|pier|coast|lake|bay|surf|dock)\b/],
  ['mountains', /\b(mountains?|hills?|valley|cliffs?|peaks?|alpine|ridge)\b/],
  ['desert', /\b(desert|dunes?|canyon|mesa|sand)\b/],
  ['forest', /\b(forest|woods?|trees|jungle|grove|orchard)\b/],
  ['fields', /\b(field|meadow|farm|park|garden|countryside|prairie)\b/],
];

const PROPS: [ScenePropKind, RegExp][] = [
  ['string-lights', /\b(string lights|fairy lights|lanterns|bulbs)\b/],
  ['water-tower', /\bwater tower\b/],
  ['door', /\b(door|doorway|gate|stairwell)\b/],
  ['lamp', /\b(lamp|streetlight|lamppost|light bulb)\b/],
  ['planters', /\b(planters?|pots?|plants|flowers|hives?|garden)\b/],
  ['bench', /\b(bench|chairs?|seat)\b/],
  ['fence', /\b(fence|railing|rail)\b/],
  ['ledge', /\b(rooftop|roof|ledge|balcony|parapet)\b/],
  ['counter', /\b(counter|bar|kitchen|cafe|café|diner)\b/],
  ['bed', /\b(bed|bedroom)\b/],
  ['sofa', /\b(sofa|couch|living room|lounge)\b/],
  ['shelves', /\b(shelves|shelf|books|library|office|shop|store)\b/],
  ['table', /\b(table|desk|dining)\b/],
  ['picture', /\b(picture|painting|poster|frame|photo)\b/],
];

/** What a location's plate shows: biome and props from its name and description, seeded by its id and the project seed. */
export function locationTraits(location: Location | null, projectSeed: number, image: string | null): PlanLocation {
  if (!location) {
    return {
      id: null,
      name: 'No location',
      interior: false,
      biome: 'fields',
      props: [],
      seed: seedOf('location', projectSeed, '-'),
      image,
    };
  }
  const text = `${location.name}. ${location.description}`.toLowerCase();
  const seed = seedOf('location', projectSeed, location.id);
  const biome =
    BIOMES.find(([, re]) => re.test(text))?.[0] ?? new Rng(seed).pick<SceneBiome>(['city', 'fields', 'forest', 'coast', 'mountains']);
  const props = PROPS.filter(([, re]) => re.test(text)).map(([kind]) => kind);
  // Interiors always have something to look at.
  if (location.interior && !props.some((p) => ['counter', 'bed', 'sofa', 'shelves', 'table'].includes(p))) props.push('table', 'picture');
  return { id: location.id, name: location.name, interior: location.interior, biome, props, seed, image };
}
