// Numbers as people read them, in the element's language: sizes with one
// decimal in the unit of the total ("0.5 of 1.0 MB"), language names.
import { fill } from './i18n.js';
import type { CommonLabels } from './common.labels.js';

type Units = Pick<CommonLabels, 'kilobytes' | 'megabytes' | 'gigabytes' | 'sizeOf'>;

const KB = 1024;
const MB = KB * 1024;
const GB = MB * 1024;

type Ordinals = Pick<CommonLabels, 'ordinalOne' | 'ordinalTwo' | 'ordinalFew' | 'ordinalOther'>;

/** "2nd", "2e", "2.": a place in line, by the language's ordinal category. */
export function formatOrdinal(n: number, lang: string, words: Ordinals): string {
  let category = 'other';
  try {
    category = new Intl.PluralRules(lang, { type: 'ordinal' }).select(n);
  } catch {
    // An unknown language tag: the 'other' form.
  }
  const template = category === 'one' ? words.ordinalOne : category === 'two' ? words.ordinalTwo : category === 'few' ? words.ordinalFew : words.ordinalOther;
  return fill(template, { n: number(n, lang, 0) });
}

/** The unit of a size, and its decimals: one below 10 units ("1.6 GB", "0.5 of 1.0 MB"), none above ("452 MB"). */
function unitOf(bytes: number, words: Units): { divisor: number; template: string; digits: number } {
  const [divisor, template] = bytes >= GB ? [GB, words.gigabytes] : bytes >= MB ? [MB, words.megabytes] : [KB, words.kilobytes];
  return { divisor, template, digits: divisor > KB && bytes / divisor < 9.95 ? 1 : 0 };
}

function number(value: number, lang: string, digits: number): string {
  try {
    return new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  } catch {
    return value.toFixed(digits);
  }
}

/** "1.0 MB" (in the language's own unit words). */
export function formatBytes(bytes: number, lang: string, words: Units): string {
  const unit = unitOf(Math.max(0, bytes), words);
  return fill(unit.template, { n: number(bytes / unit.divisor, lang, unit.digits) });
}

/** "0.5 of 1.0 MB": both in the unit of the total; the total alone when nothing is known of the part. */
export function formatProgress(done: number, total: number, lang: string, words: Units): string {
  if (!(total > 0)) return done > 0 ? formatBytes(done, lang, words) : '';
  const unit = unitOf(total, words);
  const part = number(Math.min(done, total) / unit.divisor, lang, unit.digits);
  return fill(words.sizeOf, { done: part, total: fill(unit.template, { n: number(total / unit.divisor, lang, unit.digits) }) });
}

/** "French" (or "français" on a French page), for a BCP 47 tag; the tag itself when unknown. */
export function languageName(tag: string, lang: string, unknown: string): string {
  if (!tag || tag === 'und') return unknown;
  try {
    const name = new Intl.DisplayNames([lang, 'en'], { type: 'language' }).of(tag);
    if (name && name !== tag) return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
  } catch {
    // not a valid tag: show it as it is
  }
  return tag;
}

/** "47%" (or "47 %", as the language writes it). */
export function formatPercent(percent: number, lang: string): string {
  try {
    return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
  } catch {
    return `${percent}%`;
  }
}
