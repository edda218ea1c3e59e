import { STYLES } from '../shared/domain/enums';

/** What a natural-language filter was understood as: shown to the user beside the results. */
export interface FeedFilter {
  styles: string[];
  dialogue: boolean | null;
  remixes: 'any' | 'of-mine' | null;
  mine: boolean;
  friends: boolean;
  by: string | null;
  terms: string[];
  interpretation: string;
}

const STOP = new Set(
  'a an the of with and or in on at to for clip clips video videos shot shots post posts film films show me some all any that are is from by'.split(
    ' ',
  ),
);
const STYLE_WORDS: Record<string, string> = {
  cinematic: 'cinematic',
  movie: 'cinematic',
  filmic: 'cinematic',
  realistic: 'realistic',
  photoreal: 'realistic',
  anime: 'anime',
  cartoon: 'anime',
  noir: 'noir',
  'black-and-white': 'noir',
  storybook: 'storybook',
  illustrated: 'storybook',
};

/**
 * Reads a filter like "cinematic clips", "anime with dialogue", "remixes of mine", "by ana",
 * "from friends", "silent noir in the rain": styles, dialogue, remixes, whose posts, and the words
 * left over, which must each appear in a post's title, prompt, styles or tags.
 */
export function parseFilter(text: string): FeedFilter {
  let q = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}\s'-]+/gu, ' ')} `;
  const f: FeedFilter = { styles: [], dialogue: null, remixes: null, mine: false, friends: false, by: null, terms: [], interpretation: '' };
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(q);
    if (m) q = q.replace(m[0], ' ');
    return m;
  };
  if (take(/\bremix(es)? of (mine|my posts|my videos|me)\b/) || take(/\bmy remixes\b/)) f.remixes = 'of-mine';
  else if (take(/\bremix(es|ed)?\b/)) f.remixes = 'any';
  if (take(/\b(without|no) (dialogue|talking|speech|lines)\b/) || take(/\b(silent|wordless)\b/)) f.dialogue = false;
  else if (take(/\b(with )?(dialogue|talking|speech|spoken lines|conversation)s?\b/)) f.dialogue = true;
  if (take(/\b(from |by )?(my )?friends\b/) || take(/\bpeople i follow\b/)) f.friends = true;
  const by = take(/\b(?:by|from) @?([\p{L}\p{N}_-]{2,40})\b/u);
  if (by) f.by = by[1]!;
  if (take(/\b(mine|my posts|my videos|my clips)\b/)) f.mine = true;
  for (const w of q.split(/\s+/).filter(Boolean)) {
    const style = STYLE_WORDS[w] ?? ((STYLES as readonly string[]).includes(w) ? w : null);
    if (style) {
      if (!f.styles.includes(style)) f.styles.push(style);
    } else if (!STOP.has(w) && w.length > 1) f.terms.push(w);
  }
  const parts = [
    ...(f.styles.length ? [`style: ${f.styles.join(' or ')}`] : []),
    ...(f.dialogue === true ? ['with dialogue'] : f.dialogue === false ? ['without dialogue'] : []),
    ...(f.remixes === 'of-mine' ? ['remixes of your posts'] : f.remixes === 'any' ? ['remixes'] : []),
    ...(f.mine ? ['your posts'] : []),
    ...(f.friends ? ['from people you follow'] : []),
    ...(f.by ? [`by ${f.by}`] : []),
    ...(f.terms.length ? [`mentioning ${f.terms.map((t) => `“${t}”`).join(' and ')}`] : []),
  ];
  f.interpretation = parts.length ? parts.join(' · ') : 'everything, newest first (people you follow first)';
  return f;
}
