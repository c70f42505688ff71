#!/usr/bin/env python3
"""Admin content list benchmark (not a test): 100,000 items in one department, measured through the real HTTP page.

    python3 bench/content-list/run.py sqlite      # the embedded default
    python3 bench/content-list/run.py postgres    # NMC_BENCH_POSTGRES="Host=...;Username=...;Password=..." (database nmc_listbench is recreated)

It starts the application (NMC_BENCH_DLL, default the Release build of src/NewMediaCms.Web) on a fresh store built by the
demo recipe, inserts 100,000 content items into department gaj (公安局) with their versions and review rows (SQL, as a
migration would, with the copied item facts), signs in as gaj.editor through the sign-in form, walks to the 500th page
by the page's own 下一页 links, and then times each page with keep-alive requests: first page, filtered pages, the 500th page.
"""
import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ITEMS = int(os.environ.get("NMC_BENCH_ITEMS", "100000"))
RUNS = int(os.environ.get("NMC_BENCH_RUNS", "200"))
PORT = int(os.environ.get("NMC_BENCH_PORT", "5391"))
PASSWORD = "Bench-Demo-Pass-1!"
TYPES = ["notice", "notice", "notice", "news", "news", "policy", "interpretation", "guide"]
ACCOUNTS = ["gaj-site", "gaj-wechat", "gaj-weibo"]
WORDS = ["关于", "开展", "治安", "交通", "安全", "宣传", "户籍", "办理", "通知", "公告", "整治", "专项", "行动", "防范", "电信", "诈骗", "夏季", "冬季", "社区", "警务"]


def rows(now):
    rnd = random.Random(13)
    for n in range(ITEMS):
        created = now - dt.timedelta(seconds=rnd.randrange(0, 2 * 365 * 86400))
        updated = created + dt.timedelta(seconds=rnd.randrange(0, 30 * 86400))
        if updated > now:
            updated = now
        r = rnd.random()
        state, published = ("Published", True) if r < 0.70 else ("Draft", False) if r < 0.82 else ("InReview", False) if r < 0.92 else ("Rejected", False) if r < 0.96 else ("Approved", False)
        title = f"基准{n} " + "".join(rnd.choice(WORDS) for _ in range(6))
        body = "正文" + "。".join("".join(rnd.choice(WORDS) for _ in range(12)) for _ in range(20))
        yield dict(id=f"gaj-bench-{n:06d}", type=rnd.choice(TYPES), account=rnd.choice(ACCOUNTS), author=rnd.choice(["gaj.editor", "gaj.admin"]),
                   created=created, updated=updated, state=state, published=published, title=title, body=body, n=n)


def seed_sqlite(path, now):
    con = sqlite3.connect(path, timeout=60)
    con.execute("PRAGMA journal_mode=WAL")
    if con.execute("SELECT COUNT(*) FROM ContentItems WHERE Id LIKE 'gaj-bench-%'").fetchone()[0] >= ITEMS:
        return
    f = lambda t: t.strftime("%Y-%m-%d %H:%M:%S")
    cur = con.cursor()
    cur.execute("BEGIN")
    for r in rows(now):
        cur.execute("INSERT INTO ContentItems (Id, TenantId, ContentType, AccountId, Owner, CreatedUtc, Deleted) VALUES (?,?,?,?,?,?,0)",
                    (r["id"], "gaj", r["type"], r["account"], r["author"], f(r["created"])))
        cur.execute("""INSERT INTO ContentVersions (ContentItemId, TenantId, AccountId, ContentType, ItemDeleted, ItemCreatedUtc, UpdatedUtc, Number, Latest, Published,
                       Title, Markdown, FieldsJson, RenderedHtml, Summary, ContentHash, PublishedUtc, CreatedUtc, Author, Revision)
                       VALUES (?,?,?,?,0,?,?,1,1,?,?,?,'{}','','',?,?,?,?,1)""",
                    (r["id"], "gaj", r["account"], r["type"], f(r["created"]), f(r["updated"]), 1 if r["published"] else 0, r["title"], r["body"],
                     f"{r['n']:064x}", f(r["updated"]) if r["published"] else None, f(r["created"]), r["author"]))
        vid = cur.lastrowid
        cur.execute("INSERT INTO VersionReviews (VersionId, TenantId, ContentItemId, State, Contributors, UpdatedUtc, UpdatedBy) VALUES (?,?,?,?,?,?,?)",
                    (vid, "gaj", r["id"], r["state"], r["author"], f(r["updated"]), r["author"]))
    con.commit()
    con.execute("ANALYZE")
    con.close()


def seed_postgres(conn, now):
    env, args = psql_args(conn)
    count = subprocess.run(args + ["-tAc", "SELECT COUNT(*) FROM \"ContentItems\" WHERE \"Id\" LIKE 'gaj-bench-%'"], env=env, capture_output=True, text=True, check=True).stdout.strip()
    if int(count or 0) >= ITEMS:
        return
    f = lambda t: t.strftime("%Y-%m-%d %H:%M:%S+00")
    items, versions = [], []
    for r in rows(now):
        items.append("\t".join([r["id"], "gaj", r["type"], r["account"], r["author"], f(r["created"]), "f"]))
        versions.append("\t".join([r["id"], "gaj", r["account"], r["type"], "f", f(r["created"]), f(r["updated"]), "1", "t", "t" if r["published"] else "f",
                                   r["title"], r["body"], "{}", "", "", f"{r['n']:064x}", f(r["updated"]) if r["published"] else "\\N", f(r["created"]), r["author"], "1", r["state"]]))
    script = "BEGIN;\n"
    script += "COPY \"ContentItems\" (\"Id\", \"TenantId\", \"ContentType\", \"AccountId\", \"Owner\", \"CreatedUtc\", \"Deleted\") FROM STDIN;\n" + "\n".join(items) + "\n\\.\n"
    script += "CREATE TEMP TABLE v (\"ContentItemId\" text, \"TenantId\" text, \"AccountId\" text, \"ContentType\" text, \"ItemDeleted\" bool, \"ItemCreatedUtc\" timestamptz, \"UpdatedUtc\" timestamptz, \"Number\" int, \"Latest\" bool, \"Published\" bool, \"Title\" text, \"Markdown\" text, \"FieldsJson\" text, \"RenderedHtml\" text, \"Summary\" text, \"ContentHash\" text, \"PublishedUtc\" timestamptz, \"CreatedUtc\" timestamptz, \"Author\" text, \"Revision\" int, \"State\" text);\n"
    script += "COPY v FROM STDIN;\n" + "\n".join(versions) + "\n\\.\n"
    script += """INSERT INTO "ContentVersions" ("ContentItemId", "TenantId", "AccountId", "ContentType", "ItemDeleted", "ItemCreatedUtc", "UpdatedUtc", "Number", "Latest", "Published", "Title", "Markdown", "FieldsJson", "RenderedHtml", "Summary", "ContentHash", "PublishedUtc", "CreatedUtc", "Author", "Revision")
                 SELECT "ContentItemId", "TenantId", "AccountId", "ContentType", "ItemDeleted", "ItemCreatedUtc", "UpdatedUtc", "Number", "Latest", "Published", "Title", "Markdown", "FieldsJson", "RenderedHtml", "Summary", "ContentHash", "PublishedUtc", "CreatedUtc", "Author", "Revision" FROM v;
              INSERT INTO "VersionReviews" ("VersionId", "TenantId", "ContentItemId", "State", "Contributors", "UpdatedUtc", "UpdatedBy")
                 SELECT cv."Id", 'gaj', cv."ContentItemId", v."State", v."Author", v."UpdatedUtc", v."Author" FROM "ContentVersions" cv JOIN v ON v."ContentItemId" = cv."ContentItemId";
              COMMIT;
              VACUUM ANALYZE;
"""
    subprocess.run(args + ["-q", "-v", "ON_ERROR_STOP=1"], input=script, env=env, text=True, check=True, capture_output=True)


def psql_args(conn):
    parts = dict(p.split("=", 1) for p in conn.split(";") if "=" in p)
    env = dict(os.environ, PGPASSWORD=parts.get("Password", ""))
    return env, ["psql", "-h", parts.get("Host", "127.0.0.1"), "-p", parts.get("Port", "5432"), "-U", parts.get("Username", "postgres"), "-d", parts.get("Database", "postgres")]


class Client:
    def __init__(self):
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        h = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if headers:
            h.update(headers)
        self.conn.request(method, path, body=body, headers=h)
        resp = self.conn.getresponse()
        data = resp.read()
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return resp.status, resp.getheader("Location"), data.decode("utf-8", "replace")

    def sign_in(self, user):
        _, _, form = self.request("GET", "/admin/login")
        token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"UserName": user, "Password": PASSWORD, "__RequestVerificationToken": token})
        status, _, _ = self.request("POST", "/admin/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise SystemExit(f"sign-in of {user} failed: {status}")


APP_PID = None


def cpu_ms():
    """The application's CPU time so far (user + system), from /proc: a figure that the machine's load inflates far less than latency."""
    with open(f"/proc/{APP_PID}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def measure(client, path, runs):
    for _ in range(20):
        client.request("GET", path)
    times = []
    cpu = cpu_ms()
    for _ in range(runs):
        t = time.perf_counter()
        status, _, html = client.request("GET", path)
        times.append((time.perf_counter() - t) * 1000)
        if status != 200:
            raise SystemExit(f"{path}: {status}")
    times.sort()
    measure.cpu = (cpu_ms() - cpu) / runs
    return html, statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1]


def main():
    provider = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    dll = os.environ.get("NMC_BENCH_DLL", os.path.join(ROOT, "src/NewMediaCms.Web/bin/Release/net10.0/NewMediaCms.Web.dll"))
    data = f"/tmp/nmc-listbench-{provider}"
    env = dict(os.environ, Store__AppDataPath=data, Urls=f"http://127.0.0.1:{PORT}", Setup__Recipe="demo-county", Setup__DemoPassword=PASSWORD,
               Setup__AdminPassword=PASSWORD, ASPNETCORE_ENVIRONMENT="Production", Logging__LogLevel__Default="Warning",
               Jobs__RunServer="false")
    if provider == "postgres":
        base = os.environ["NMC_BENCH_POSTGRES"]
        conn = re.sub(r"Database=[^;]*;?", "", base).rstrip(";") + ";Database=nmc_listbench"
        env.update(Store__Provider="PostgreSql", Store__ConnectionString=conn)
        if os.environ.get("NMC_BENCH_FRESH", "1") == "1":
            e, a = psql_args(base)
            subprocess.run(a + ["-c", "DROP DATABASE IF EXISTS nmc_listbench WITH (FORCE)"], env=e, check=True, capture_output=True)
            shutil.rmtree(data, ignore_errors=True)
    elif os.environ.get("NMC_BENCH_FRESH", "1") == "1":
        shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data, exist_ok=True)
    app = subprocess.Popen(["dotnet", dll, "--contentRoot", os.path.join(ROOT, "src/NewMediaCms.Web")], env=env, cwd=os.path.join(ROOT, "src/NewMediaCms.Web"),
                           stdout=open(os.path.join(data, "app.log"), "w"), stderr=subprocess.STDOUT)
    global APP_PID
    APP_PID = app.pid
    try:
        for _ in range(600):
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                c.request("GET", "/admin/login")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit("the application did not start; see " + os.path.join(data, "app.log"))
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
        t = time.perf_counter()
        if provider == "postgres":
            seed_postgres(conn, now)
        else:
            seed_sqlite(os.path.join(data, "newmediacms.db"), now)
        print(f"{provider}: {ITEMS} items in gaj seeded in {time.perf_counter() - t:.1f} s")

        client = Client()
        client.sign_in("gaj.editor")
        first = "/gaj/admin/content"
        # The 500th page by the page's own 下一页 links (what a person clicking 499 times would reach).
        path = first
        t = time.perf_counter()
        for _ in range(499):
            _, _, html = client.request("GET", path)
            m = re.search(r'id="next-page" href="([^"]+)"', html)
            path = m.group(1).replace("&amp;", "&")
        walk = time.perf_counter() - t
        page500 = path
        pages = [
            ("first page (修改时间 desc)", first),
            ("filtered: 类型=通知公告, 状态=已发布", first + "?type=notice&state=published"),
            ("filtered: 状态=审核中, 账号=gaj-wechat", first + "?state=inreview&account=gaj-wechat"),
            ("filtered: 作者 + 日期范围 (one month)", first + "?author=gaj.admin&date=updated&from=" + (now - dt.timedelta(days=200)).strftime("%Y-%m-%d") + "&to=" + (now - dt.timedelta(days=170)).strftime("%Y-%m-%d")),
            ("title search (标题含“治安交通”)", first + "?q=" + urllib.parse.quote("治安交通")),
            ("sorted by 标题", first + "?sort=title&dir=asc"),
            ("500th page", page500),
        ]
        print(f"walked to the 500th page in {walk:.1f} s ({walk / 499 * 1000:.1f} ms per page, cold)")
        print(f"| page | p50 ms | p95 ms | max ms | app CPU ms/request | rows |")
        print(f"|---|---:|---:|---:|---:|---:|")
        for name, p in pages:
            html, p50, p95, mx = measure(client, p, RUNS)
            n = html.count('name="ids"')
            print(f"| {name} | {p50:.1f} | {p95:.1f} | {mx:.1f} | {measure.cpu:.1f} | {n} |")
        body_path = first + "?body=true&q=" + urllib.parse.quote("治安交通安全")
        runs = max(20, RUNS // 10)
        html, p50, p95, mx = measure(client, body_path, runs)
        n = html.count('name="ids"')
        print(f"| title + body search (正文含“治安交通安全”, {runs} runs) | {p50:.1f} | {p95:.1f} | {mx:.1f} | {measure.cpu:.1f} | {n} |")
        print(f"load average after the run: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(30)
        except subprocess.TimeoutExpired:
            app.kill()


if __name__ == "__main__":
    main()
