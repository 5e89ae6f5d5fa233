// The reader: table of contents, one section at a time or the whole guide continuously,
// previous/next. Remembers the section for this run of the app.

import { t } from '../lib/i18n.js';
import { state } from '../lib/state.js';
import * as bookmarks from '../lib/bookmarks.js';
import { el, renderBlock } from '../lib/render.js';
import * as commands from '../lib/commands.js';
import { byId, closestTo } from '../lib/dom.js';

const tocList = byId('toc-list', HTMLOListElement);
const main = document.getElementById('main');
const article = document.getElementById('article');
const pager = document.getElementById('pager');
const prevButton = byId('prev', HTMLButtonElement);
const nextButton = byId('next', HTMLButtonElement);

let toc = [];          // sections of the current guide: { id, title, kind }
let neighbours = { prev: null, next: null };
let generation = 0;    // drops answers to navigations that were overtaken by newer ones
let observer = null;

export function sections() {
  return toc;
}

export async function loadToc(lang) {
  const guides = await commands.guideList({ lang });
  const guide = guides.find((g) => g.id === state.guide) ?? guides[0];
  state.guide = guide.id;
  toc = guide.sections;
  tocList.replaceChildren(...toc.map((s) => el('li', {},
    el('a', { href: `#s-${s.id}`, 'data-section': s.id, class: `toc-link toc-${s.kind}` },
      s.title, el('span', { class: 'toc-kept', 'aria-label': t('toc.bookmarked'), title: t('toc.bookmarked') })))));
  markKept();
  if (!toc.some((s) => s.id === state.section)) state.section = toc[0]?.id ?? null;
}

export async function show(sectionId = state.section, { focus = false, block = null } = {}) {
  state.section = sectionId;
  const mine = ++generation;
  if (state.settings.reading_mode === 'continuous') {
    await showContinuous(mine, sectionId, focus, block);
  } else {
    await showOne(mine, sectionId, focus, block);
  }
  markCurrent();
}

async function showOne(mine, sectionId, focus, block) {
  const view = await commands.guideSection({ guide: state.guide, section: sectionId, lang: state.settings.lang });
  if (mine !== generation) return;
  disconnect();
  const section = view.section;
  const heading = el('h1', { id: `s-${section.id}`, class: 'section-title', tabindex: '-1', text: section.title });
  const position = el('div', { class: 'position' },
    el('span', { text: t('article.position', { n: view.position + 1, count: view.count }) }),
    bookmarks.toggle('section', `${state.guide}/${section.id}`, markKept));
  const body = el('div', { class: `section-body kind-${section.kind}` }, ...section.blocks.map(renderBlock));
  article.replaceChildren(position, heading, body);
  article.dataset.section = section.id;
  neighbours = { prev: view.prev, next: view.next };
  setPager();
  land(heading, focus, block);
}

async function showContinuous(mine, sectionId, focus, block) {
  const views = await Promise.all(toc.map((s) =>
    commands.guideSection({ guide: state.guide, section: s.id, lang: state.settings.lang })));
  if (mine !== generation) return;
  disconnect();
  const parts = views.map(({ section }) => el('section', { class: 'continuous-part', 'data-section': section.id },
    el(section.id === toc[0]?.id ? 'h1' : 'h2', { id: `s-${section.id}`, class: 'section-title', tabindex: '-1', text: section.title }),
    el('div', { class: `section-body kind-${section.kind}` }, ...section.blocks.map(renderBlock))));
  article.replaceChildren(...parts);
  article.dataset.section = sectionId;
  pager.hidden = true;
  const target = document.getElementById(`s-${sectionId}`);
  land(target, focus, block, parts.find((p) => p.dataset.section === sectionId));
  follow(parts);
}

/// Scrolls the reading pane (never the window) to the section or one of its blocks, and moves
/// keyboard focus there if asked.
function land(heading, focus, block, scope = article) {
  const target = block !== null ? scope?.querySelector(`[data-block="${block}"]`) : null;
  if (target) {
    target.classList.add('flash');
    setTimeout(() => target.classList.remove('flash'), 2400);
    scrollPaneTo(target, main.clientHeight / 3);
  } else if (state.settings.reading_mode === 'continuous' && heading) {
    scrollPaneTo(heading, 16);
  } else {
    main.scrollTop = 0;
  }
  if (focus && heading) heading.focus({ preventScroll: true });
}

function scrollPaneTo(node, margin) {
  const offset = node.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop;
  main.scrollTo({ top: Math.max(0, offset - margin) });
}

function setPager() {
  pager.hidden = false;
  for (const [button, target, label] of [[prevButton, neighbours.prev, 'prev-title'], [nextButton, neighbours.next, 'next-title']]) {
    button.hidden = !target;
    document.getElementById(label).textContent = target?.title ?? '';
    button.dataset.section = target?.id ?? '';
  }
}

/// In continuous mode the section at the top of the window is the current one.
function follow(parts) {
  observer = new IntersectionObserver((entries) => {
    const visible = entries.filter((e) => e.isIntersecting).map((e) => e.target.getAttribute('data-section'));
    if (visible.length) {
      state.section = visible[0];
      markCurrent();
    }
  }, { rootMargin: '0px 0px -70% 0px' });
  parts.forEach((p) => observer.observe(p));
}

function disconnect() {
  observer?.disconnect();
  observer = null;
}

/// Marks kept sections in the table of contents.
function markKept() {
  for (const link of tocList.querySelectorAll('a')) {
    link.classList.toggle('kept', bookmarks.has('section', `${state.guide}/${link.dataset.section}`));
  }
}

function markCurrent() {
  for (const link of tocList.querySelectorAll('a')) {
    if (link.dataset.section === state.section) link.setAttribute('aria-current', 'location');
    else link.removeAttribute('aria-current');
  }
}

export function step(delta) {
  const i = toc.findIndex((s) => s.id === state.section);
  const target = toc[i + delta];
  if (target) return show(target.id, { focus: true });
  return Promise.resolve();
}

export function wire() {
  tocList.addEventListener('click', (event) => {
    const link = closestTo(event, 'a[data-section]');
    if (!link) return;
    event.preventDefault();
    document.dispatchEvent(new CustomEvent('grot:open', { detail: { section: link.dataset.section } }));
  });
  prevButton.addEventListener('click', () => step(-1));
  nextButton.addEventListener('click', () => step(1));
}
