"""Every portal page of every demo role, on a phone and with a screen reader, in Bahasa Indonesia and English
(issue 20).

For each demo account the portal's pages are found the way its user finds them: by following same-host
links from the home page and the navigation (GET only; no sign-out, downloads, files, admin, Swagger or
API). URL patterns are de-duplicated (`/regions/34.02/` and `/regions/34.04/` are one kind of page), so each
kind of page is visited a few times, not once per region. On every page:

(a) at 390 px the page is no wider than the viewport;
(b) at 390 px it is not many times taller than at 1366 px (a column squeezed to one letter per line);
(c) axe-core finds no serious or critical violation (on the first page of each kind: seconds a page);
(d) the console shows no error;
(e) chart text renders at 11 px or more, at both widths, and no chart or map scrolls sideways in its box (a
    chart shows its phone drawing, a map scales to the column);
(f) no badge says its status by colour alone (a badge without words);
(g) no table cell spills over its neighbours or is squeezed to a few letters a line, at 1366 px no table
    scrolls sideways (an unbreakable OPD name or code pushing columns out of view), and no table's caption runs
    past the box the table scrolls in on a phone, nor does an empty table's "nothing yet" row;
(h) the page answers below 400, and no year is printed with a thousands separator ("2.026", "2,026");
(i) the page is in the language its user picked with the switch (<html lang>).

axe-core comes from node_modules (package-lock.json; ./scripts/test.sh runs `npm ci`). All failures of all
roles of a test are reported at once, as a table.
"""
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests import clock
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE, DESKTOP = 390, 1366
TALLER_AT_MOST = 4
MIN_CHART_TEXT_PX = 11
# Pages of one kind visited in each language: two in Bahasa Indonesia (another region's data, another state); one
# in English, whose risk is the template's longer words, not the data the second visit brings.
VISITS_PER_KIND = {"id": 2, "en": 1}
# A year of the movement's time printed as a number ("2.026" in Indonesian, "2,026" in English): 2.010–2.039 not
# part of a longer number, amount or share (wider, it took a programme's target of 2.052 units for a year).
SEPARATED_YEAR = {
    "id": re.compile(r"(?<![\d.,])2\.0[1-3]\d(?![\d.,]|\s*%)"),
    "en": re.compile(r"(?<![\d.,])2,0[1-3]\d(?![\d.,]|\s*%)"),
}
# The browser each language's user comes with; the portal itself follows only its language switch.
BROWSER_LOCALE = {"id": "id-ID", "en": "en-GB"}
MAX_PAGES = 40

# Not portal pages, or not pages at all.
SKIP = re.compile(
    r"^/(admin|api|static|media|data|i18n)/"
    r"|^/accounts/(logout|reset)/"
    r"|^/publik/bahasa/"
    r"|/(download|document|progress)/$"
    r"|/evidence/\d+/$"
    r"|/export\.\w+$|\.(xlsx|csv|json|jsonld|pdf|ttl)$"
)


def kind(path):
    """The URL pattern of a path: numbers and region codes become placeholders."""
    path = re.sub(r"/\d{2}(\.\d{2}){0,3}/", "/<code>/", path)
    return re.sub(r"/\d+(?=/)", "/<n>", path)


# What each page is measured for, in the page itself.
MEASURE = r"""(min) => {
  const d = document.documentElement;
  let small = [];
  for (const t of document.querySelectorAll('svg text')) {
    const box = t.getBoundingClientRect();
    if (!box.width || !t.textContent.trim()) continue;
    const ctm = t.getScreenCTM();
    const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (px < min - 0.05) small.push(t.textContent.trim().slice(0, 20) + ' ' + px.toFixed(1) + 'px');
  }
  const scrolling = [...document.querySelectorAll('.table-responsive')].filter(
    e => e.scrollWidth > e.clientWidth + 1 && !e.closest('.visually-hidden, details:not([open])'));
  // A cell whose content spills over its neighbours (an unbreakable code in a fixed-width column).
  const spilling = [...document.querySelectorAll('td, th')].filter(
    c => c.scrollWidth > c.clientWidth + 1 && c.clientWidth > 0 && !c.closest('.visually-hidden'));
  // A cell squeezed to a few letters per line (the masterplan's programme names at 0 px): a text broken into
  // more lines than it has words, with only a few letters a line.
  const squeezed = [...document.querySelectorAll('td, th')].filter(c => {
    if (c.closest('.visually-hidden') || !c.innerText.trim()) return false;
    const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      // Text for screen readers only sits in a 1 px box by design.
      if (text.length < 6 || node.parentElement.closest('.visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
      // Lines may break at spaces and hyphens ("Rata-rata"); more lines than that is a word cut up.
      if (lines > text.split(/[\s\-–]+/).length && text.length / lines < 6) return true;
    }
    return false;
  });
  // A list table laid out for a phone (.table-stack: a block per row) that still scrolls sideways.
  const stacked = [...document.querySelectorAll('.table-responsive:has(> .table-stack)')].filter(
    e => e.scrollWidth > e.clientWidth + 1);
  // A chart or map wider than its box (it scrolls sideways instead of reflowing to the column).
  const wideCharts = [...document.querySelectorAll('.chart-canvas, .map-canvas')].filter(
    e => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1);
  // A sentence across a table (its caption, an empty table's "nothing yet" row) wider than the box the table
  // scrolls in: it runs off the screen, its end out of sight.
  const cutCaptions = [...document.querySelectorAll('.table-responsive caption, .table-responsive td[colspan]')]
    .filter(c => {
      const box = c.closest('.table-responsive');
      if (!c.getClientRects().length || c.closest('.visually-hidden, details:not([open])') || !c.textContent.trim())
        return false;
      const range = document.createRange();
      range.selectNodeContents(c);
      return range.getBoundingClientRect().width > box.clientWidth + 1;
    });
  // The header's brand, bell and menu button on one line (a two-digit unread count pushed the button below).
  const brand = document.querySelector('.navbar-brand'), toggler = document.querySelector('.navbar-toggler');
  const headerWraps = !!(brand && toggler && toggler.getClientRects().length
    && toggler.getBoundingClientRect().top >= brand.getBoundingClientRect().bottom - 1);
  // A status told by colour alone: a badge without words.
  const mute = [...document.querySelectorAll('.badge')].filter(
    b => b.getClientRects().length && !b.textContent.trim() && !b.getAttribute('aria-label'));
  return {width: d.scrollWidth, height: d.scrollHeight, small: small.slice(0, 3), nsmall: small.length,
          mute: mute.length,
          tables: scrolling.length, cells: spilling.slice(0, 2).map(c => c.textContent.trim().slice(0, 30)),
          ncells: spilling.length,
          squeezed: squeezed.slice(0, 2).map(c => c.innerText.trim().replace(/\s+/g, ' ').slice(0, 30)),
          nsqueezed: squeezed.length, headerWraps, stacked: stacked.length, wideCharts: wideCharts.length,
          cutCaptions: cutCaptions.slice(0, 2).map(c => c.textContent.trim().slice(0, 40)), ncut: cutCaptions.length};
}"""

AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, n: v.nodes.length,
    target: v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | ').slice(0, 120)}));
}"""


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form:not(#language-form) button[type=submit]")
    page.wait_for_load_state()


def same_host_links(page, host):
    # getAttribute, not .href: the maps' links are SVG <a> elements, whose .href is an object.
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https") and parts.netloc == host and not SKIP.search(parts.path):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def switch_language(page, signed_in, language):
    """Pick `language` with the page's own switch, as a user does: the account corner's menu (before signing
    in), or the public pages' links."""
    if signed_in:
        page.goto("/accounts/login/")
        with page.expect_navigation():
            page.select_option("#language-select", language)
    else:
        page.goto("/publik/")
        with page.expect_navigation():
            page.click(f"#public-languages a[hreflang={language}]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == language, f"the switch did not give {language}: {page.url}"


def check_page(page, url, errors, axe=True, language="id"):
    """Visit one page at both widths; the list of what is wrong with it (axe-core's findings with `axe`)."""
    problems = []
    errors.clear()
    page.set_viewport_size({"width": PHONE, "height": 800})
    response = page.goto(url)
    page.wait_for_load_state()
    if response is None or response.status >= 400:
        return [f"HTTP {response.status if response else '—'}"], False
    lang = page.get_attribute("html", "lang")
    if lang != language:
        problems.append(f"<html lang={lang!r}>, not {language!r}")
    phone = page.evaluate(MEASURE, MIN_CHART_TEXT_PX)
    page.set_viewport_size({"width": DESKTOP, "height": 800})
    desktop = page.evaluate(MEASURE, MIN_CHART_TEXT_PX)
    if phone["width"] > PHONE:
        problems.append(f"{phone['width']} px wide at {PHONE} px")
    if phone["stacked"]:
        problems.append(f"{phone['stacked']} list tables laid out for a phone still scroll sideways at {PHONE} px")
    if phone["headerWraps"]:
        problems.append(f"the header's menu button falls below the brand at {PHONE} px")
    if phone["height"] > TALLER_AT_MOST * max(desktop["height"], 800):
        problems.append(f"{phone['height']} px tall at {PHONE} px, {desktop['height']} px at {DESKTOP} px")
    if desktop["mute"]:
        problems.append(f"{desktop['mute']} badges with a colour and no words")
    if desktop["tables"]:
        problems.append(f"{desktop['tables']} tables wider than their box at {DESKTOP} px")
    for width, measured in ((PHONE, phone), (DESKTOP, desktop)):
        if measured["nsqueezed"]:
            problems.append(f"{measured['nsqueezed']} table cells squeezed to a few letters a line at {width} px: "
                            + "; ".join(measured["squeezed"]))
        if measured["ncells"]:
            problems.append(f"{measured['ncells']} table cells spill over at {width} px: " + "; ".join(measured["cells"]))
        if measured["wideCharts"]:
            problems.append(f"{measured['wideCharts']} charts or maps scroll sideways at {width} px")
        if measured["ncut"]:
            problems.append(f"{measured['ncut']} sentences across a table run past its box at {width} px: "
                            + "; ".join(measured["cutCaptions"]))
        if measured["nsmall"]:
            problems.append(f"{measured['nsmall']} chart texts under {MIN_CHART_TEXT_PX} px at {width} px: "
                            + "; ".join(measured["small"]))
    text = page.title() + "\n" + page.inner_text("body")
    year = SEPARATED_YEAR[language].search(text)
    if year:
        problems.append(f"a year with a thousands separator: …{text[max(0, year.start() - 40):year.end()]!r}")
    for violation in page.evaluate(AXE_RUN) if axe else ():
        problems.append("axe {id} ({impact}, {n}×): {target}".format(**violation))
    problems += [f"console: {e[:160]}" for e in errors]
    return problems, True


def crawl(page, host, start, per_kind, language="id"):
    """Visit the pages reachable from `start`, a few of each kind (`per_kind` counts the visits, shared by the
    roles of one test); {url: [problems]}."""
    # axe-core comes in as an init script: add_script_tag's inline <script> is (rightly) refused by our
    # Content-Security-Policy, and the check must see the pages with the policy on.
    page.context.add_init_script(path=str(AXE))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    queue, seen, found = [start], {start}, {}
    while queue and len(found) < MAX_PAGES:
        # A kind of page not seen yet goes first; another of a kind only when no new kind waits.
        url = min(queue, key=lambda u: per_kind.get(kind(urlsplit(u).path), 0))
        queue.remove(url)
        k = kind(urlsplit(url).path)
        if per_kind.get(k, 0) >= VISITS_PER_KIND[language] and url != start:
            continue
        per_kind[k] = per_kind.get(k, 0) + 1
        # axe-core (seconds a page) reads the first page of each kind; the layout checks read every page.
        found[url], ok = check_page(page, url, errors, axe=per_kind[k] == 1 or url == start,
                                   language=language)
        if not ok:
            continue
        for link in same_host_links(page, host):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return found


def table(found):
    """{walker: {url: [problems]}} as one table."""
    rows = [(walker, url, problem) for walker, pages in found.items()
            for url, problems in pages.items() for problem in problems]
    url_width = max((len(url) for _r, url, _p in rows), default=0)
    visited = sum(len(pages) for pages in found.values())
    lines = [f"{len(rows)} problems on {visited} pages visited as {', '.join(found)}:"]
    lines += [f"  {walker:<17} {url:<{url_width}}  {problem}" for walker, url, problem in rows]
    return "\n".join(lines)


@pytest.fixture
def demo(transactional_db):
    """The demo, with the unbreakable strings real data has: a long OPD acronym and a long programme code."""
    from programmes.models import Opd, Programme

    call_command("load_demo", verbosity=0)
    for region in ("34.02", "34.04"):
        opd = Opd.objects.filter(region_id=region).first()
        Opd.objects.filter(pk=opd.pk).update(acronym="DISKOMINFOSANDIKABUPATEN-BIDANGAPTIKA",
                                             name="DinasKomunikasiInformatikaStatistikDanPersandianKabupaten")
        programme = Programme.objects.filter(region_id=region).first()
        Programme.objects.filter(pk=programme.pk).update(code="PRG-2026-SMARTGOV-0001-A-BIS")


def new_page(chromium, live_server, language="id"):
    """A fresh browser context as tests/browser/conftest.py's `page` makes it (pinned clock), in the browser of
    a `language` user."""
    context = chromium.new_context(locale=BROWSER_LOCALE[language], base_url=live_server.url)
    context.set_default_timeout(15_000)
    context.clock.install(time=clock.now())
    return context.new_page()


# The demo takes a minute to load, so each test loads it once and walks several roles (one test per xdist
# worker), in Bahasa Indonesia and then in English (whose longer words are what breaks a layout); the walks of a
# test in one language share the visits per kind of page, so a page kind seen by one role is not walked again in
# full by the next. Every demo role of the README, and anonymous visitors (public pages); sleman's yearly report
# waits for review where bantul's was returned.
GROUPS = {
    "regional-and-public": ["bantul", "sleman", "diy", None],
    "national-and-assessor": ["penilai", "admin", "kementerian"],
}
LANGUAGES = ["id", "en"]


@pytest.mark.parametrize("roles", GROUPS.values(), ids=GROUPS.keys())
def test_every_page_fits_a_phone_and_has_no_serious_accessibility_violation(roles, demo, chromium, live_server):
    assert AXE.exists(), f"{AXE} is missing: ./scripts/test.sh installs it (npm ci)"
    host, found = urlsplit(live_server.url).netloc, {}
    for language in LANGUAGES:
        per_kind = {}
        for role in roles:
            page = new_page(chromium, live_server, language)
            if language != "id":
                switch_language(page, bool(role), language)
            if role:
                sign_in(page, role)
                assert not page.url.endswith("/accounts/login/"), f"{role} could not sign in"
            walker = (role or "anonymous") + ("" if language == "id" else f" ({language})")
            found[walker] = crawl(page, host, "/" if role else "/publik/", per_kind, language)
            page.context.close()
    assert sum(len(pages) for pages in found.values()) >= 20 * len(LANGUAGES), f"the crawl found only {found}"
    if any(problems for pages in found.values() for problems in pages.values()):
        pytest.fail(table(found), pytrace=False)
