"""The command line: each command opens the core and calls one function of ``newsprism.api``."""
from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import sys

import click

from . import api
from .clean import CleanOptions
from .errors import NewsprismError
from .store import DEFAULT_DB

db_option = click.option("--db", default=DEFAULT_DB, show_default=True, envvar="NEWSPRISM_DB",
                         help="SQLite database file (env NEWSPRISM_DB).")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON on stdout.")
rules_option = click.option("--rules", type=click.Path(exists=True, dir_okay=False),
                            help="Your own boilerplate rules (TOML, same layout as clean/boilerplate.toml), run first.")
private_option = click.option("--allow-private", is_flag=True,
                              help="Allow fetching URLs on loopback, private or link-local addresses (refused otherwise).")
symlinks_option = click.option("--follow-symlinks", is_flag=True,
                               help="Follow symlinks in input folders, also those leading out of the folder.")
jobs_option = click.option("--jobs", "-j", default=lambda: os.cpu_count() or 1, show_default="the machine's cores",
                           type=click.IntRange(1, 256),
                           help="Clean and parse documents in this many processes.")


_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: object, one_line: bool = False) -> str:
    """Scraped text made harmless for a terminal: ANSI escapes, control and bidi-override characters removed
    (newlines and tabs kept, unless ``one_line``)."""
    s = _CONTROL.sub("", _ANSI.sub("", str(text)))
    return " ".join(s.split()) if one_line else s


def _err(msg: str) -> None:
    click.echo(safe(msg), err=True)


@contextlib.contextmanager
def _progress(quiet: bool, label: str):
    """A live counter on stderr (only on a terminal, never with --quiet); yields the per-item callback."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} done"),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label)
        yield lambda item: bar.update(task, advance=1, description=f"{label} {str(item)[-60:]}")


def _report_skipped(skipped) -> None:
    """One line per skipped input on stderr, even with --quiet: nothing the user gave goes missing silently."""
    for s in skipped:
        _err(str(s))


def _guard(fn):
    """Library errors become one line on stderr and exit code 2, without a traceback; anything else (a bug in
    newsprism) one line and exit code 3 (NEWSPRISM_DEBUG=1 shows the traceback). Exit code 1 stays "some inputs
    were skipped"."""
    def wrapper(*a, **kw):
        try:
            return fn(*a, **kw)
        except NewsprismError as e:
            _err(f"error: {e}")
            sys.exit(2)
        except KeyError as e:
            _err(f"error: {e.args[0]}")
            sys.exit(2)
        except sqlite3.DatabaseError as e:
            _err(f"error: the database is damaged or unusable ({e}); restore it from a copy or pass another --db")
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as e:
            if os.environ.get("NEWSPRISM_DEBUG"):
                raise
            _err(f"error: newsprism failed ({type(e).__name__}: {str(e)[:300]}); please report it "
                 "(NEWSPRISM_DEBUG=1 shows the traceback)")
            sys.exit(3)
    wrapper.__name__, wrapper.__doc__ = fn.__name__, fn.__doc__
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsprism")
def main() -> None:
    """newsprism: reconstruct a news story from many outlets — what happened, and how well is it established?"""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@quiet_option
@json_option
@jobs_option
@rules_option
@private_option
@symlinks_option
@_guard
def ingest(paths, db, quiet, as_json, jobs, rules, allow_private, follow_symlinks):
    """Read, clean and store articles from files, directories, globs or - (stdin).

    Formats: .txt, .html/.htm, .json/.jsonl, RSS/Atom, WARC, and gzip of any. Re-ingesting adds nothing.
    """
    with _progress(quiet, "ingesting") as progress:
        r = api.ingest(paths, db=db, progress=progress, jobs=jobs, options=CleanOptions(rules),
                       allow_private=allow_private, follow_links=follow_symlinks)
    _report_skipped(r.skipped)
    if as_json:
        click.echo(json.dumps({"articles": r.article_ids, "new": r.new,
                               "skipped": [{"source": s.source, "reason": s.reason} for s in r.skipped]}))
    elif not quiet:
        _err(f"{len(r.article_ids)} articles ({r.new} new) in {db}, {len(r.skipped)} inputs skipped")
    sys.exit(1 if r.skipped else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "-o", default="out", show_default=True, help="Folder for report.json and report.html.")
@db_option
@quiet_option
@json_option
@jobs_option
@rules_option
@click.option("--timeline-size", type=click.IntRange(min=1), default=None,
              help="Entries per story thread's timeline (default: adapts to the story).")
@private_option
@symlinks_option
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the parse and the per-thread stages run: here (--jobs processes parse) or on a Dask "
                   "cluster (pip install 'newsprism[dask]').")
@click.option("--scheduler", metavar="ADDR", default=None,
              help="With --engine dask: the Dask scheduler to use (tcp://host:8786); default: a local cluster.")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="With --engine dask and no --scheduler: worker processes of the local cluster (default 2).")
@_guard
def analyze(paths, out, db, quiet, as_json, jobs, rules, timeline_size, allow_private, follow_symlinks, engine,
            scheduler, workers):
    """Ingest PATHS, run every stage, and write OUT/report.json and OUT/report.html."""
    with _progress(quiet, "analyzing") as progress:
        report = api.analyze(paths, out=out, db=db, progress=progress, jobs=jobs, options=CleanOptions(rules),
                             timeline_size=timeline_size, allow_private=allow_private, follow_links=follow_symlinks,
                             engine=engine, scheduler=scheduler, workers=workers, findings=as_json)
    _report_skipped(report.skipped)
    for e in report.stage_errors:
        _err(str(e))
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False))
    elif not quiet:
        _err(f"{len(report.articles)} articles, {len(report.skipped)} inputs skipped; "
             f"wrote {os.path.join(out, 'report.json')}, report.html and report.md")
    sys.exit(1 if report.skipped or report.stage_errors else 0)


@main.command()
@db_option
@json_option
@click.option("--search", "-s", "query", help="Only articles matching this full-text query (SQLite FTS5 syntax).")
@_guard
def articles(db, as_json, query):
    """List the stored articles."""
    arts = api.articles(db=db)
    if query:
        from .store import Store

        with Store(db, readonly=True) as store:
            keep = {i for i, _ in store.search(query, limit=10_000)}
        arts = [a for a in arts if a.id in keep]
    if as_json:
        click.echo(json.dumps([{k: v for k, v in a.to_dict().items() if k not in ("text", "boilerplate")}
                               for a in arts], ensure_ascii=False))
        return
    for a in arts:
        outlet = safe(a.outlet or "-", one_line=True)[:20]
        click.echo(f"{a.id}  {safe(a.published or '----------', True)}  {outlet:20}  "
                   f"{safe(a.title or '(untitled)', one_line=True)}")


@main.command()
@click.argument("article_id")
@db_option
@json_option
@click.option("--boilerplate", is_flag=True, help="Also list the removed boilerplate lines with their reasons.")
@_guard
def show(article_id, db, as_json, boilerplate):
    """Show one article (by id or unique id prefix): metadata and cleaned text."""
    a = api.article(article_id, db=db)
    if as_json:
        click.echo(json.dumps(a.to_dict(), ensure_ascii=False))
        return
    for label, value in (("id", a.id), ("title", a.title), ("byline", a.byline), ("outlet", a.outlet),
                         ("published", a.published and f"{a.published} ({a.published_via})"), ("path", a.path),
                         ("credits", " | ".join(a.credits))):
        if value:
            click.echo(f"{label:>10}: {safe(value, one_line=True)}")
    click.echo("")
    click.echo(safe(a.text))
    if boilerplate:
        click.echo("\n-- removed --")
        for b in a.boilerplate:
            click.echo(f"[{b.reason}] {safe(b.text, one_line=True)}")


def _load_report(path: str | None, db: str, story: str | None = None) -> dict:
    """report.json data: from the file ``path`` when given, else from the store at ``db``."""
    if path is None:
        return api.report(db, story=story).to_json()
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise click.ClickException(f"no report at {path}; run `newsprism analyze PATH... --out DIR` first") from None
    except json.JSONDecodeError as e:
        raise click.ClickException(f"{path} is not a report.json ({e.msg} at line {e.lineno})") from None


report_file_option = click.option("--report", "report_path", default=None,
                                  help="Read this report.json instead of the database.")


@main.command()
@db_option
@click.option("--story", "story_id", help="Only this story's thread (id or unique id prefix).")
@click.option("--out", "-o", default="out", show_default=True, help="Folder for report.json, report.html, report.md.")
@quiet_option
@click.option("--timeline-size", type=click.IntRange(min=1), default=None,
              help="Entries per story thread's timeline (default: adapts to the story).")
@_guard
def report(db, story_id, out, quiet, timeline_size):
    """Write report.json, report.html and report.md for the stored corpus (or one story) from the database."""
    rep = api.report(db, story=story_id, out=out, timeline_size=timeline_size, findings=False)
    if not quiet:
        _err(f"{len(rep.articles)} articles, {len(rep.sections.get('stories') or [])} stories; "
             f"wrote {os.path.join(out, 'report.json')}, report.html and report.md")


def _thread_line(s: dict) -> str:
    """"  thread T, follows S (announced -> happened, 2 days later)" for a story that continues another."""
    if not s.get("thread") or s["thread"] == s["id"]:
        return ""
    line = f"  thread {s['thread']}"
    if s.get("follows"):
        gap = f", {s['gap_days']} days later" if s.get("gap_days") is not None else ""
        line += f", follows {s['follows']} ({s.get('relation') or 'continues'}{gap})"
    return line


@main.command()
@click.argument("story_id", required=False)
@db_option
@report_file_option
@_guard
def story(story_id, db, report_path):
    """Print one story's brief (summary, facts, timeline, copies); without STORY_ID, list the stories."""
    from .report import render_markdown

    if story_id is None:
        stories = _load_report(report_path, db)["stories"] if report_path else [s.to_dict() for s in api.stories(db)]
        for s in stories:
            click.echo(f"{s['id']}  {len(s.get('articles') or [])} articles  {safe(s.get('title') or '', True)}"
                       f"{_thread_line(s)}")  # the thread line holds only our ids and words
        return
    data = _load_report(report_path, db, story=story_id)
    if not report_path:  # the database gave the story's thread: name the story the user asked for
        story_id = next(s["id"] for s in data["stories"] if s["id"].startswith(story_id))
    click.echo(safe(render_markdown(data, story=story_id)))


@main.command()
@db_option
@report_file_option
@click.option("--copies", is_flag=True, help="Only copy relations (duplicate, syndicated, partial, rewrite).")
@click.option("--width", default=60, show_default=True, type=click.IntRange(20, 200), help="Width of each text column.")
@_guard
def reuse(db, report_path, copies, width):
    """Who copied whom: each relation with its aligned passages side by side, then each article's provenance."""
    from .reuse.show import describe_all

    data = _load_report(report_path, db)
    texts = {a["id"]: a["text"] for a in data["articles"]}
    names = {a["id"]: f"{a.get('outlet') or '?'} [{a['id'][:8]}]" for a in data["articles"]}
    lines = describe_all(data.get("relations") or [], texts, names, copies_only=copies, width=width)
    click.echo(safe("\n".join(lines)) if lines else "No relations between these articles.")
    for a in data["articles"]:
        prov = a.get("provenance") or {}
        click.echo(safe(f"\n{names[a['id']]}: {prov.get('status', 'unknown')}"
                        + (f", apparently {prov['apparent_outlet']}" if prov.get("apparent_outlet") else "")
                        + (f" / {prov['apparent_author']}" if prov.get("apparent_author") else "")))
        for s in prov.get("signals") or []:
            click.echo(safe(f"  - {s['kind']}: “{safe(s['text'], True)}” {s.get('explanation') or ''}"))


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any other than loopback needs --token.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--token", envvar="NEWSPRISM_TOKEN", default=None,
              help="Every request must carry it: header 'Authorization: Bearer TOKEN', or open a page once with "
                   "?token=TOKEN (a cookie keeps it). Env NEWSPRISM_TOKEN.")
@click.option("--no-cache", is_flag=True, help="Render every page anew (pages are kept until the database changes).")
@_guard
def serve(db, host, port, token, no_cache):
    """Browse the stored corpus in a web browser: stories, articles, facts, entities (read-only).

    Every page has a JSON twin at the same path plus .json (/stories and /stories.json).
    """
    from .web import create_app

    app = create_app(api.existing_db(db), token=token, host=host, cache=not no_cache)
    import uvicorn

    _err(f"serving {db} read-only at http://{host if ':' not in host else f'[{host}]'}:{port}/stories "
         "(Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _interval(ctx, param, value: str) -> int:
    """--every as seconds; a bad value is a usage error naming it."""
    from .ingest.watch import parse_every

    try:
        return parse_every(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@main.command()
@click.argument("feeds", nargs=-1, required=True, metavar="FEED_OR_OPML...")
@db_option
@click.option("--every", default="15m", show_default=True, callback=_interval,
              help="Time between polls: a whole number with s, m or h (30s, 15m, 1h).")
@click.option("--once", is_flag=True, help="Poll every feed once and exit (exit code 1 if a feed or entry was skipped).")
@quiet_option
@json_option
@private_option
@click.option("--ignore-robots", is_flag=True,
              help="Fetch pages that the site's robots.txt disallows (polite mode honours it).")
@_guard
def watch(feeds, db, every, once, quiet, as_json, allow_private, ignore_robots):
    """Follow RSS/Atom feeds (URLs, files or OPML lists): ingest and analyse new entries until Ctrl-C.

    Feeds are fetched with conditional GETs; an entry holding only a summary is replaced by its linked page.
    Polite by default: each site's robots.txt is honoured and one site gets at most one request a second (or the
    Crawl-delay it asks for). One line per feed and poll on stderr; Ctrl-C or SIGTERM stops cleanly (exit code 130).
    """
    import time

    from .ingest.watch import watch as follow

    def on_feed(result):
        _report_skipped(result.skipped)
        if result.error or not quiet:
            _err(str(result))

    def on_poll(results):
        if as_json:
            polled_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            click.echo(json.dumps({"polled_at": polled_at, "feeds": [r.to_dict() for r in results]},
                                  ensure_ascii=False))

    try:
        results = follow(feeds, db, every=None if once else every, on_feed=on_feed, on_poll=on_poll,
                         allow_private=allow_private, polite=not ignore_robots)
    except KeyboardInterrupt:
        _err("stopped")
        sys.exit(130)
    sys.exit(0 if all(r.ok for r in results) else 1)


if __name__ == "__main__":
    main()
