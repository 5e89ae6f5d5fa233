// How she felt: a few feelings from a short list per letter, and after a hand-over how it went,
// noted in the composer; and "Looking back", a quiet page that shows them by month as a small
// chart drawn here (SVG, no library) with the same figures in a table for a screen reader. No
// streaks, no scores: counts of the words she chose, nothing more.

import { lang, t } from '../lib/i18n.js';
import { el } from '../lib/render.js';
import * as commands from '../lib/commands.js';
import { byId, closestTo } from '../lib/dom.js';

const details = byId('composer-feelings', HTMLDetailsElement);
const feelingList = document.getElementById('feeling-list');
const outcome = byId('outcome', HTMLFieldSetElement);
const outcomeList = document.getElementById('outcome-list');
const HEAVY = new Set(['sad', 'angry', 'lonely', 'hurt', 'worried']);
const MONTHS_SHOWN = 12;
/** @type {{ id: string, feelings: Set<string> } | null} */
let current = null;
let savedId = async () => /** @type {string | null} */ (null);
let onError = (/** @type {unknown} */ _err) => {};

/// The composer opened `letter`: its feelings, and how it went once it was handed over.
/** @param {import('../lib/contract.js').Letter | null} letter */
export function opened(letter) {
  current = letter ? { id: letter.id, feelings: new Set(letter.feelings) } : null;
  details.hidden = false;
  details.open = Boolean(letter?.feelings.length);
  feelingList.replaceChildren(...commands.FEELINGS.map((f) => el('button', {
    type: 'button', class: 'chip feeling', 'data-feeling': f, 'aria-pressed': String(current?.feelings.has(f) ?? false), text: t(`feelings.${f}`),
  })));
  outcome.hidden = !letter || letter.read_ms === null;
  const chosen = letter?.outcome ?? '';
  outcomeList.replaceChildren(...['', ...commands.OUTCOMES].map((o) => el('label', { class: 'outcome-choice' },
    el('input', { type: 'radio', name: 'outcome', value: o, ...(o === chosen ? { checked: '' } : {}) }),
    ' ', t(o ? `outcome.${o}` : 'outcome.none'))));
}

export function clear() {
  current = null;
  details.hidden = true;
  feelingList.replaceChildren();
  outcomeList.replaceChildren();
}

async function toggle(button) {
  const id = await savedId();
  if (!id) return;
  if (current?.id !== id) current = { id, feelings: new Set() };
  const feeling = button.dataset.feeling;
  const on = !current.feelings.has(feeling);
  if (on) current.feelings.add(feeling);
  else current.feelings.delete(feeling);
  button.setAttribute('aria-pressed', String(on));
  const feelings = commands.FEELINGS.filter((f) => current.feelings.has(f));
  await commands.letterSetFeelings({ id, feelings });
}

async function went(value) {
  if (!current) return;
  const chosen = commands.OUTCOMES.find((o) => o === value) ?? null;
  await commands.letterSetOutcome({ id: current.id, outcome: chosen });
}

/// "2026-12": the month a moment falls in, in local time.
function monthOf(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

function monthName(key) {
  const [year, month] = key.split('-').map(Number);
  return new Intl.DateTimeFormat(lang(), { month: 'long', year: 'numeric' }).format(new Date(year, month - 1, 1));
}

/** @param {import('../lib/contract.js').Mood[]} moods */
function byMonth(moods) {
  const months = new Map();
  for (const mood of moods) {
    const key = monthOf(mood.at_ms);
    if (!months.has(key)) months.set(key, { key, heavy: 0, light: 0, feelings: new Map(), outcomes: new Map() });
    const month = months.get(key);
    for (const f of mood.feelings) {
      month[HEAVY.has(f) ? 'heavy' : 'light'] += 1;
      month.feelings.set(f, (month.feelings.get(f) ?? 0) + 1);
    }
    if (mood.outcome) month.outcomes.set(mood.outcome, (month.outcomes.get(mood.outcome) ?? 0) + 1);
  }
  return [...months.values()].slice(-MONTHS_SHOWN);
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

/// Two stacked bars a month, heavy below and light above, on one scale; a month's name under it.
function chart(months) {
  const [barW, gap, top, height, label] = [28, 20, 8, 140, 36];
  const most = Math.max(1, ...months.map((m) => m.heavy + m.light));
  const unit = height / most;
  const width = months.length * (barW + gap) + gap;
  const bars = months.flatMap((m, i) => {
    const x = gap + i * (barW + gap);
    const base = top + height;
    const [year, month] = m.key.split('-').map(Number);
    const short = new Intl.DateTimeFormat(lang(), { month: 'short' }).format(new Date(year, month - 1, 1));
    return [
      svg('rect', { class: 'bar heavy', x, y: base - m.heavy * unit, width: barW, height: m.heavy * unit, rx: 3 }),
      svg('rect', { class: 'bar light', x, y: base - (m.heavy + m.light) * unit, width: barW, height: m.light * unit, rx: 3 }),
      svg('text', { class: 'month', x: x + barW / 2, y: base + 18, 'text-anchor': 'middle' }, short),
    ];
  });
  return svg('svg', { viewBox: `0 0 ${width} ${top + height + label}`, width, height: top + height + label, focusable: 'false' },
    svg('line', { class: 'axis', x1: 0, x2: width, y1: top + height, y2: top + height }), ...bars);
}

function counted(map, prefix) {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).map(([word, count]) => t('moods.count', { label: t(`${prefix}.${word}`), count })).join(', ');
}

/// The page: the chart, and the same months as a table.
export async function showMoods() {
  const months = byMonth(await commands.letterMoods());
  const figure = document.getElementById('moods-figure');
  const table = byId('moods-table', HTMLTableElement);
  document.getElementById('moods-status').textContent = months.length ? '' : t('moods.empty');
  figure.hidden = table.hidden = !months.length;
  document.getElementById('moods-chart').replaceChildren(months.length ? chart(months) : '');
  document.getElementById('moods-rows').replaceChildren(...months.map((m) => el('tr', {},
    el('th', { scope: 'row', text: monthName(m.key) }),
    el('td', { text: String(m.heavy) }),
    el('td', { text: String(m.light) }),
    el('td', { text: counted(m.feelings, 'feelings') }),
    el('td', { text: counted(m.outcomes, 'outcome') }))));
}

export function clearMoods() {
  document.getElementById('moods-chart').replaceChildren();
  document.getElementById('moods-rows').replaceChildren();
}

export function wire(app) {
  ({ savedId, onError } = app);
  feelingList.addEventListener('click', (event) => {
    const button = closestTo(event, 'button[data-feeling]');
    if (button) toggle(button).catch(onError);
  });
  outcomeList.addEventListener('change', (event) => {
    const input = /** @type {HTMLInputElement} */ (event.target);
    went(input.value).catch((err) => { onError(err); input.checked = false; });
  });
  byId('moods-back', HTMLButtonElement).addEventListener('click', () => app.onBack().catch(onError));
  byId('letters-moods', HTMLButtonElement).addEventListener('click', () => app.onOpen().catch(onError));
}
