#!/usr/bin/env python3
"""gen_history.py N OUT: one synthetic history, written twice.

OUT/sqlc/     a sqlc project (sqlc.ini, versions/*.sql), N revisions;
OUT/alembic/  the same N revisions as an Alembic project (alembic.ini,
              env.py, versions/*.py), each upgrade and downgrade one
              op.execute() per statement, run offline one transaction per
              revision, like sqlc's default.

The mix is what real histories hold: about a fifth of the revisions create
a table, and the rest add or alter columns, add constraints, create
indexes, (re)define SQL and PL/pgSQL functions, create views over the
tables, and rename columns and tables.  Each revision has 1-4 statements
and a downgrade that undoes it.  The history is deterministic (a fixed
seed), valid for PostgreSQL 15, and avoids ':name' and '%', which Alembic's
op.execute() would read as bind parameters.  Standard library only."""
import os
import random
import sys


class Gen:
    def __init__(self, seed=15):
        self.rnd = random.Random(seed)
        self.tables = []   # [name, [columns]]
        self.n = 0         # counter for unique names

    def fresh(self, prefix):
        self.n += 1
        return "%s_%d" % (prefix, self.n)

    def create_table(self):
        t = self.fresh("t")
        cols = ["id", "name", "created_at"]
        up = ["CREATE TABLE %s (\n    id bigserial PRIMARY KEY,\n    name text NOT NULL,\n"
              "    created_at timestamptz NOT NULL DEFAULT now()\n)" % t]
        down = ["DROP TABLE %s" % t]
        if self.tables and self.rnd.random() < 0.5:
            ref = self.rnd.choice(self.tables)[0]
            up[0] = up[0][:-2] + ",\n    %s_id bigint REFERENCES %s (id) ON DELETE CASCADE\n)" % (ref, ref)
            cols.append("%s_id" % ref)
        self.tables.append([t, cols])
        return "create table %s" % t, up, down

    def add_column(self):
        t = self.rnd.choice(self.tables)
        c = self.fresh("c")
        typ = self.rnd.choice(["integer", "text", "boolean NOT NULL DEFAULT false", "numeric(12,2)", "jsonb"])
        t[1].append(c)
        up = ["ALTER TABLE %s ADD COLUMN %s %s" % (t[0], c, typ)]
        if typ == "integer" and self.rnd.random() < 0.5:
            up.append("ALTER TABLE %s ADD CONSTRAINT %s_%s_check CHECK (%s >= 0)" % (t[0], t[0], c, c))
        if typ == "text":
            up.append("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT ''" % (t[0], c))
        return "add %s to %s" % (c, t[0]), up, ["ALTER TABLE %s DROP COLUMN %s" % (t[0], c)]

    def index(self):
        t = self.rnd.choice(self.tables)
        i = self.fresh("ix")
        col = self.rnd.choice(t[1][1:])
        uniq = "UNIQUE " if col == "name" and self.rnd.random() < 0.2 else ""
        where = " WHERE %s IS NOT NULL" % col if self.rnd.random() < 0.3 else ""
        up = ["CREATE %sINDEX %s ON %s (%s)%s" % (uniq, i, t[0], col, where)]
        return "index %s (%s)" % (t[0], col), up, ["DROP INDEX %s" % i]

    def function(self):
        f = self.fresh("f")
        if self.rnd.random() < 0.5:
            body = ("CREATE FUNCTION %s(a integer, b integer) RETURNS integer\n"
                    "    LANGUAGE sql IMMUTABLE AS $$ SELECT a * 2 + b $$" % f)
            sig = "%s(integer, integer)" % f
        else:
            t = self.rnd.choice(self.tables)[0]
            body = ("CREATE FUNCTION %s(n bigint) RETURNS bigint\n    LANGUAGE plpgsql STABLE AS $$\n"
                    "DECLARE\n    total bigint;\nBEGIN\n"
                    "    SELECT count(*) INTO total FROM %s WHERE id > n;\n"
                    "    RETURN coalesce(total, 0);\nEND\n$$" % (f, t))
            sig = "%s(bigint)" % f
        return "function %s" % f, [body], ["DROP FUNCTION %s" % sig]

    def view(self):
        t = self.rnd.choice(self.tables)
        v = self.fresh("v")
        cols = ", ".join(t[1][:3])
        up = ["CREATE VIEW %s AS\n    SELECT %s FROM %s WHERE id > 0" % (v, cols, t[0])]
        # Views pin their tables: keep them out of the rename and drop pool.
        self.tables.remove(t)
        return "view %s over %s" % (v, t[0]), up, ["DROP VIEW %s" % v]

    def rename(self):
        t = self.rnd.choice(self.tables)
        if self.rnd.random() < 0.5 and len(t[1]) > 3:
            old = self.rnd.choice(t[1][3:])
            new = self.fresh(old.split("_")[0] + "r")
            t[1][t[1].index(old)] = new
            return ("rename %s.%s" % (t[0], old),
                    ["ALTER TABLE %s RENAME COLUMN %s TO %s" % (t[0], old, new)],
                    ["ALTER TABLE %s RENAME COLUMN %s TO %s" % (t[0], new, old)])
        old = t[0]
        new = self.fresh("t")
        t[0] = new
        return ("rename %s" % old, ["ALTER TABLE %s RENAME TO %s" % (old, new)],
                ["ALTER TABLE %s RENAME TO %s" % (new, old)])

    def revision(self):
        if len(self.tables) < 3:
            return self.create_table()
        kind = self.rnd.choices(
            ["create_table", "add_column", "index", "function", "view", "rename"],
            [20, 25, 20, 12, 10, 13])[0]
        return getattr(self, kind)()


SQLC_INI = "[sqlc]\nversions = versions\n"
ALEMBIC_INI = "[alembic]\nscript_location = .\nsqlalchemy.url = postgresql://localhost/bench\n"
ENV_PY = '''from alembic import context

def run_migrations_offline():
    context.configure(url=context.config.get_main_option("sqlalchemy.url"),
                      literal_binds=True, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()

if not context.is_offline_mode():
    raise SystemExit("this benchmark project runs offline only (--sql)")
run_migrations_offline()
'''


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    sq, al = os.path.join(out, "sqlc"), os.path.join(out, "alembic")
    os.makedirs(os.path.join(sq, "versions"), exist_ok=True)
    os.makedirs(os.path.join(al, "versions"), exist_ok=True)
    with open(os.path.join(sq, "sqlc.ini"), "w") as f:
        f.write(SQLC_INI)
    with open(os.path.join(al, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI)
    with open(os.path.join(al, "env.py"), "w") as f:
        f.write(ENV_PY)
    g = Gen()
    prev = None
    for k in range(1, n + 1):
        rid = "%012x" % (0xb000000000 + k)
        msg, up, down = g.revision()
        day = "2026-%02d-%02dT%02d:%02d:00Z" % (1 + k // 5000 % 12, 1 + k // 200 % 28, k // 60 % 24, k % 60)
        with open(os.path.join(sq, "versions", "%s_r%d.sql" % (rid, k)), "w") as f:
            f.write("-- sqlc:revision %s\n-- sqlc:parents %s\n-- sqlc:message %s\n-- sqlc:created %s\n\n"
                    "-- sqlc:upgrade\n%s;\n\n-- sqlc:downgrade\n%s;\n"
                    % (rid, prev or "", msg, day, ";\n".join(up), ";\n".join(reversed(down))))
        with open(os.path.join(al, "versions", "%s_r%d.py" % (rid, k)), "w") as f:
            f.write('"""%s\n\nRevision ID: %s\nRevises: %s\n"""\nfrom alembic import op\n\n'
                    "revision = %r\ndown_revision = %r\nbranch_labels = None\ndepends_on = None\n\n\n"
                    "def upgrade():\n%s\n\n\ndef downgrade():\n%s\n"
                    % (msg, rid, prev or "", rid, prev,
                       "\n".join('    op.execute("""%s""")' % s for s in up),
                       "\n".join('    op.execute("""%s""")' % s for s in reversed(down))))
        prev = rid


if __name__ == "__main__":
    main()
