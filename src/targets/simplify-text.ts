// Tables published in traditional characters, or copied from pages that print a pinyin gloss after every
// character (`區(qū)`), are brought to the plain simplified text the vocabulary is written in before they are
// read (docs/design.md, "Traditional characters"). Line numbers never move: every warning still names the
// line the person sees in their own file.
import { createRequire } from 'node:module';

// A pinyin gloss in brackets right after a Han character: `(qū)`, `(jià)`, `(lǜ)`; also one cut off where the copy
// ends (`生態(t`). Only tone-marked or lower-case Latin letters, so `(万元)` or `(2023年度)` are never touched.
const HAN = '\\p{Script=Han}';
const GLOSS_LETTERS = 'a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ';
const GLOSS = new RegExp(`(?<=${HAN})[(（][${GLOSS_LETTERS}]{1,7}[)）]`, 'gu');
const CUT_GLOSS = new RegExp(`(?<=${HAN})[(（][${GLOSS_LETTERS}]{0,6}(?=s*$)`, 'u');

// Characters whose traditional and simplified forms differ and which every target table uses. Counting them is
// cheap and sure: a simplified table has none of the first row, a traditional one many.
const TRADITIONAL = '體績標區價說項計數質時務單與門國個預經濟會為對發這們來於開關應產級運轉報資費實現環設養護據錄態滿總'.split('');
const SIMPLIFIED = '体绩标区价说项计数质时务单与门国个预经济会为对发这们来于开关应产级运转报资费实现环设养护据录态满总'.split('');

export function stripPinyinGlosses(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(GLOSS, ''))
    .join('\n')
    .replace(CUT_GLOSS, '');
}

/** True when the text is written in traditional characters (more of their forms than of the simplified ones). */
export function looksTraditional(text: string): boolean {
  const traditional = new Set(TRADITIONAL);
  const simplified = new Set(SIMPLIFIED);
  let t = 0;
  let s = 0;
  for (const ch of text) {
    if (traditional.has(ch)) t += 1;
    else if (simplified.has(ch)) s += 1;
  }
  return t >= 3 && t > s;
}

type Convert = (text: string) => string;
let toSimplified: Convert | null = null;

// opencc-js carries its dictionaries in the module (~1 MB); only a traditional table pays for loading it.
function converter(): Convert {
  if (toSimplified) return toSimplified;
  const require = createRequire(import.meta.url);
  const opencc = require('opencc-js/t2cn') as { Converter: (options: { from: string; to: string }) => Convert };
  toSimplified = opencc.Converter({ from: 't', to: 'cn' });
  return toSimplified;
}

/** The text with pinyin glosses removed and, when it is traditional, converted to simplified, line by line. */
export function simplifyText(text: string): { text: string; converted: boolean } {
  const plain = stripPinyinGlosses(text);
  if (!looksTraditional(plain)) return { text: plain, converted: false };
  const convert = converter();
  return {
    text: plain
      .split('\n')
      .map((line) => convert(line))
      .join('\n'),
    converted: true,
  };
}
