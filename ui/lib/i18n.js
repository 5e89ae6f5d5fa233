// UI strings live in i18n/<lang>.json, one file per language; nothing is written inline.
// Elements name their string with data-i18n="key" (text) or
// data-i18n-attr="attr:key;attr:key" (attributes such as aria-label and placeholder).
import { all } from './dom.js';
import { LANGS } from './commands.js';

/** @typedef {import('./contract.js').Lang} Lang */

let strings = {};
/** @type {Lang} */
let current = 'nl';
const loaded = new Map(); // lang → its strings, fetched once per page
let when = null; // the date formatter for `current`: building one per call is slow

/** @param {Lang} lang */
export async function load(lang) {
  if (!loaded.has(lang)) {
    const response = await fetch(`i18n/${lang}.json`);
    loaded.set(lang, await response.json());
  }
  strings = loaded.get(lang);
  if (current !== lang) when = null;
  current = lang;
  document.documentElement.lang = lang;
}

/**
 * The language `value` names (a select's value), or null.
 * @param {string} value
 * @returns {Lang | null}
 */
export function asLang(value) {
  return LANGS.find((l) => l === value) ?? null;
}

/** @returns {Lang} */
export function lang() {
  return current;
}

export function t(key, vars = {}) {
  const text = strings[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

/** @param {ParentNode} [root] */
export function apply(root = document) {
  for (const el of all('[data-i18n]', root)) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of all('[data-i18n-attr]', root)) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      el.setAttribute(attr, t(key));
    }
  }
}

export function errorText(err) {
  const key = `errors.${err?.code ?? 'unknown'}`;
  // A wait after wrong tries says how long, wherever a passphrase is asked.
  return key in strings ? t(key, { seconds: Math.ceil((err?.retry_ms ?? 0) / 1000) }) : t('errors.unknown');
}

/// A moment, as people in this language write it.
export function formatWhen(ms) {
  when ??= new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' });
  return when.format(ms);
}
