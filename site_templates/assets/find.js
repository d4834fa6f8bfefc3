// Dealbook's search page: a small interface on Pagefind's JS API, in place of its stock UI.
// A query fetches only the index chunks of its words and the fragments of the results on
// screen; the filter counts load when the filters are opened. Text from the index enters the
// page as text nodes only: Pagefind's excerpts are rebuilt from their <mark> tags.

const PAGE_SIZE = 5; // results shown at first, and added by "Show more"
// Keystrokes closer than this make one query, so the prefixes typed on the way are not fetched.
const TYPING_MS = 80;
// A last word of one letter waits this long for the next: Pagefind matches words by prefix, and
// one letter matches a large part of the index, all fetched. The words before it go meanwhile.
const ONE_LETTER_MS = 400;
// From this many letters of the word being typed, the index chunks the query will need load as
// the reader types: the search after the last keystroke then finds them decoded and waiting.
const PRELOAD_FROM = 3;
const ROOT = new URL("../", import.meta.url); // the site root, wherever the site is published
// The order the facets are shown in; any other filter in the index follows these.
const FACET_ORDER = ["Type", "Scenario", "Deal type", "Tag", "Year", "Category"];

const el = (id) => document.getElementById(id);
const ui = {
  form: el("db-find"), box: el("db-find-q"), filters: el("db-find-filters"),
  facets: el("db-find-facets"), status: el("db-find-status"), list: el("db-find-results"),
  more: el("db-find-more"),
};
const chosen = new Map(); // facet name -> Set of chosen values
const counts = new Map(); // "facet\u0000value" -> the <span> showing its count
// Pagefind, loading from the page's arrival (the WebAssembly and the index's entry point): the
// reader may type before it is there, and the search waits for it. Null if it failed to load.
const ready = loadPagefind().catch(() => null);
let facetsLoaded = null; // a promise, once the filters were asked for
let found = {query: "", results: [], shown: 0};
let ticket = 0; // the newest search or keystroke: answers to older searches are dropped
let timer = 0;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function element(tag, props = {}, ...children) {
  const made = Object.assign(document.createElement(tag), props);
  made.append(...children);
  return made;
}

// Pagefind's excerpt is page text with < and > escaped and the matches in <mark>: rebuilt as
// text and <mark> elements, so nothing in it can become markup.
function excerptNodes(excerpt) {
  const nodes = [];
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
    } else if (part) {
      const text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      nodes.push(marked ? element("mark", {textContent: text}) : document.createTextNode(text));
    }
  }
  return nodes;
}

// Only a path on this site becomes a link: an index is data, not trusted markup.
function safeHref(url) {
  const target = new URL(url, ROOT);
  return target.origin === ROOT.origin ? target.href : ROOT.href;
}

function resultItem(data) {
  const facts = ["Type", "Deal type", "Category", "Year"]
    .flatMap((name) => data.filters?.[name] ?? []).join(" · ");
  const title = element("a", {href: safeHref(data.url),
                              textContent: data.meta?.title || data.url});
  return element("li", {className: "db-find__result"},
                 element("h2", {className: "db-find__title"}, title),
                 element("p", {className: "db-find__facts", textContent: facts}),
                 element("p", {className: "db-find__excerpt"}, ...excerptNodes(data.excerpt)));
}

function activeFilters() {
  const filters = {};
  for (const [name, values] of chosen) {
    if (values.size) filters[name] = {any: [...values]};
  }
  return filters;
}

function describe(query) {
  const parts = query ? [`“${query}”`] : [];
  for (const [name, values] of chosen) {
    if (values.size) parts.push(`${name}: ${[...values].join(" or ")}`);
  }
  return parts.join(", ");
}

function announce() {
  const total = found.results.length;
  const what = describe(found.query);
  if (!what) {
    ui.status.textContent = "";
  } else if (!total) {
    ui.status.textContent = `No results for ${what}. Try fewer or other words, ` +
      "or clear a filter.";
  } else {
    const noun = total === 1 ? "result" : "results";
    const shown = found.shown < total ? `Showing ${found.shown} of ${total} ${noun}`
      : `${total} ${noun}`;
    ui.status.textContent = `${shown} for ${what}.`;
  }
  ui.more.hidden = found.shown >= total;
}

// The next page of results: their fragments are fetched now, not before.
async function showMore(mine) {
  const next = found.results.slice(found.shown, found.shown + PAGE_SIZE);
  const items = (await Promise.all(next.map((result) => result.data()))).map(resultItem);
  if (mine !== ticket) return [];
  found.shown += items.length;
  return items;
}

async function search(query = ui.box.value.trim()) {
  const mine = ++ticket;
  const filters = activeFilters();
  if (!query && !Object.keys(filters).length) {
    found = {query: "", results: [], shown: 0};
    ui.list.replaceChildren();
    ui.list.removeAttribute("aria-busy");
    announce();
    if (facetsLoaded) showCounts(await facetsLoaded);
    return;
  }
  const pagefind = await ready;
  if (!pagefind) return;
  ui.list.setAttribute("aria-busy", "true");
  const began = performance.now();
  const answer = await pagefind.search(query || null, {filters});
  // A slow search may have kept keys waiting (a broad query keeps the page busy: "val" takes a
  // second among 10,000 reviews): give them a pause to arrive before fetching its fragments.
  if (performance.now() - began > TYPING_MS) await sleep(TYPING_MS);
  if (mine !== ticket) return;
  found = {query, results: answer.results, shown: 0};
  const items = await showMore(mine);
  if (mine !== ticket) return;
  ui.list.dataset.query = query; // set before the items: a test knows whose results these are
  ui.list.replaceChildren(...items);
  ui.list.removeAttribute("aria-busy");
  announce();
  if (facetsLoaded) showCounts(answer.filters);
}

// --- the filters: loaded when first opened (or named in the address) ----------------------

const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
const countKey = (name, value) => `${name}\u0000${value}`;

function facetOrder(names) {
  const rank = (name) => (FACET_ORDER.includes(name) ? FACET_ORDER.indexOf(name)
    : FACET_ORDER.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function valueOrder(name, values) {
  // Newest year first; other values alphabetically, as on the site's listing pages.
  const sorted = values.sort((a, b) => a.localeCompare(b, undefined, {numeric: true}));
  return name === "Year" ? sorted.reverse() : sorted;
}

function facetBox(name, totals) {
  const list = element("ul", {className: "db-find__values"});
  for (const value of valueOrder(name, Object.keys(totals))) {
    const count = element("span", {className: "db-find__count",
                                   textContent: `(${totals[value]})`});
    counts.set(countKey(name, value), count);
    const box = element("input", {type: "checkbox", value,
                                  checked: chosen.get(name)?.has(value) ?? false});
    box.dataset.facet = name;
    list.append(element("li", {}, element("label", {}, box, ` ${value} `, count)));
  }
  return element("fieldset", {className: "db-find__facet"},
                 element("legend", {textContent: name}), list);
}

function showFacets(all) {
  ui.facets.replaceChildren(...facetOrder(Object.keys(all)).map((n) => facetBox(n, all[n])));
  ui.facets.removeAttribute("aria-busy");
}

function showCounts(byFacet) {
  for (const [key, span] of counts) {
    const [name, value] = key.split("\u0000");
    span.textContent = `(${byFacet?.[name]?.[value] ?? 0})`;
  }
}

function loadFacets() {
  facetsLoaded ??= ready.then((pagefind) => pagefind?.filters() ?? {}).then((all) => {
    showFacets(all);
    if (found.query) refreshCounts();
    return all;
  });
  return facetsLoaded;
}

// The counts within the results on screen; the same query again costs no fetch.
async function refreshCounts() {
  const answer = await (await ready).search(found.query || null, {filters: activeFilters()});
  showCounts(answer.filters);
}

// --- the address: ?q=words&tag=sla&year=2025, so a search can be shared and Back works -----

function toAddress(push) {
  const params = new URLSearchParams();
  if (ui.box.value.trim()) params.set("q", ui.box.value.trim());
  for (const [name, values] of chosen) {
    for (const value of values) params.append(slug(name), value);
  }
  const query = params.toString();
  const url = `${location.pathname}${query ? `?${query}` : ""}`;
  if (url !== `${location.pathname}${location.search}`) {
    history[push ? "pushState" : "replaceState"](null, "", url);
  }
}

async function fromAddress() {
  const params = new URLSearchParams(location.search);
  ui.box.value = params.get("q") ?? "";
  chosen.clear();
  const named = [...params.keys()].filter((key) => key !== "q");
  if (named.length) {
    ui.filters.open = true;
    const all = await loadFacets();
    for (const name of Object.keys(all)) {
      const values = params.getAll(slug(name)).filter((value) => value in all[name]);
      if (values.length) chosen.set(name, new Set(values));
    }
    for (const box of ui.facets.querySelectorAll("input")) {
      box.checked = chosen.get(box.dataset.facet)?.has(box.value) ?? false;
    }
  }
  await search();
}

// --- events ---------------------------------------------------------------------------------

function onTyping() {
  clearTimeout(timer);
  ticket++; // a search under way is for words the reader has typed past
  const words = ui.box.value.split(/\s+/);
  const letter = words.at(-1).length === 1; // a word just begun (not one followed by a space)
  if (words.at(-1).length >= PRELOAD_FROM) {
    ready.then((pagefind) => pagefind?.preload(ui.box.value.trim(), {filters: activeFilters()}));
  }
  timer = setTimeout(() => {
    toAddress(false);
    if (!letter) return search();
    if (words.length > 1) search(words.slice(0, -1).join(" ").trim());
    timer = setTimeout(() => search(), ONE_LETTER_MS - TYPING_MS);
  }, TYPING_MS);
}

function onFilter(event) {
  const box = event.target;
  if (!box.dataset.facet) return;
  const values = chosen.get(box.dataset.facet) ?? new Set();
  if (box.checked) values.add(box.value); else values.delete(box.value);
  if (values.size) chosen.set(box.dataset.facet, values); else chosen.delete(box.dataset.facet);
  toAddress(true);
  search();
}

async function onMore() {
  if (ui.more.dataset.loading) return; // a second click while the first loads
  ui.more.dataset.loading = "yes";
  const first = found.shown;
  const items = await showMore(ticket);
  delete ui.more.dataset.loading;
  ui.list.append(...items);
  announce();
  ui.list.children[first]?.querySelector("a")?.focus();
}

// Down from the box goes to the results, up and down move between them, up from the first
// result returns to the box.
function onArrows(event) {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const links = [...ui.list.querySelectorAll(".db-find__title a")];
  const at = event.target === ui.box ? -1 : links.indexOf(event.target);
  if (at === -1 && event.target !== ui.box) return;
  const next = at + (event.key === "ArrowDown" ? 1 : -1);
  if (next >= links.length || (at === -1 && next < 0)) return;
  event.preventDefault();
  (next < 0 ? ui.box : links[next]).focus();
}

async function loadPagefind() {
  const pagefind = await import(new URL("pagefind/pagefind.js", ROOT).href);
  // Pagefind's worker script is another 41 KB, for searches that take milliseconds.
  await pagefind.options({baseUrl: ROOT.pathname, excerptLength: 24, noWorker: true});
  await pagefind.init();
  return pagefind;
}

function start() {
  ui.form.hidden = false;
  if (!location.hash) ui.box.focus();
  ready.then((pagefind) => {
    if (!pagefind) {
      ui.status.textContent = "Search is not available: its index did not load. Build the " +
        "site with search: pagefind.";
    }
  });
  ui.box.addEventListener("input", onTyping);
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    toAddress(true);
    search();
  });
  ui.filters.addEventListener("toggle", () => { if (ui.filters.open) loadFacets(); });
  ui.facets.addEventListener("change", onFilter);
  ui.more.addEventListener("click", onMore);
  ui.form.addEventListener("keydown", onArrows);
  window.addEventListener("popstate", fromAddress);
  fromAddress();
}

start();
