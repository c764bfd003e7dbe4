#include "model/catalog/catalogreader.h"
#include "model/db/executor.h"
#include "model/db/pgnative.h"
#include "model/edit/cascadepreview.h"
#include "model/sqlident.h"
#include "testcluster.h"

#include <QSqlDatabase>
#include <QtTest>

using namespace dbx::model;
using dbx::test::TestCluster;
using Action = CascadeEffect::Action;

namespace {

const QString database = QStringLiteral("cascade_test");

// The demo's chain (workers -> resumes -> vacancies_replies <- vacancies) plus one of each kind
// of rule and shape the walk must handle: SET NULL, SET DEFAULT, RESTRICT, NO ACTION, a
// self-reference, a cycle between two tables, a composite key, a table in another schema, two
// keys from one table to the same parent and a partitioned table.
const char *const schemaSql = R"sql(
CREATE TABLE workers (id serial PRIMARY KEY, username varchar NOT NULL);
CREATE TABLE resumes (
    id serial PRIMARY KEY,
    title varchar(256) NOT NULL,
    worker_id integer NOT NULL REFERENCES workers(id) ON DELETE CASCADE
);
CREATE TABLE vacancies (id serial PRIMARY KEY, title varchar(256) NOT NULL);
CREATE TABLE vacancies_replies (
    resume_id int REFERENCES resumes ON DELETE CASCADE,
    vacancy_id int REFERENCES vacancies ON DELETE CASCADE,
    cover_letter varchar,
    PRIMARY KEY (resume_id, vacancy_id)
);
CREATE SCHEMA hr;
CREATE TABLE hr.reviews (id serial PRIMARY KEY,
                         resume_id int NOT NULL REFERENCES resumes ON DELETE CASCADE);
CREATE TABLE notes (id serial PRIMARY KEY,
                    worker_id int REFERENCES workers ON DELETE SET NULL, body text);
CREATE TABLE contracts (
    id serial PRIMARY KEY,
    worker_id int NOT NULL,
    CONSTRAINT contracts_worker_fk FOREIGN KEY (worker_id) REFERENCES workers ON DELETE RESTRICT
);
CREATE TABLE audit_log (id serial PRIMARY KEY,
                        vacancy_id int CONSTRAINT audit_vacancy_fk REFERENCES vacancies);
CREATE TABLE friendships (a int REFERENCES workers ON DELETE CASCADE,
                          b int REFERENCES workers ON DELETE CASCADE, PRIMARY KEY (a, b));
CREATE TABLE events (id int, worker_id int REFERENCES workers ON DELETE CASCADE, at date)
    PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE employees (id int PRIMARY KEY,
                        manager_id int REFERENCES employees ON DELETE CASCADE);
CREATE TABLE orders (region text, number int, PRIMARY KEY (region, number));
CREATE TABLE order_lines (
    id serial PRIMARY KEY,
    region text,
    number int,
    CONSTRAINT order_lines_order_fk FOREIGN KEY (region, number)
        REFERENCES orders ON DELETE CASCADE
);
CREATE TABLE shipments (id serial PRIMARY KEY,
                        line_id int DEFAULT NULL REFERENCES order_lines ON DELETE SET DEFAULT);
CREATE TABLE teams (id int PRIMARY KEY, lead_id int);
CREATE TABLE members (id int PRIMARY KEY, team_id int REFERENCES teams ON DELETE CASCADE);
ALTER TABLE teams ADD FOREIGN KEY (lead_id) REFERENCES members ON DELETE SET NULL;
CREATE TABLE categories (id int PRIMARY KEY,
                         parent_id int CONSTRAINT categories_parent_fk REFERENCES categories);
)sql";

const char *const dataSql = R"sql(
INSERT INTO workers (id, username) VALUES (1, 'ann'), (2, 'bob'), (3, 'cid'), (4, 'dan');
INSERT INTO vacancies (id, title) VALUES (1, 'cook'), (2, 'driver'), (3, 'tailor');
INSERT INTO resumes (id, title, worker_id) VALUES
    (1, 'chef', 1), (2, 'baker', 1), (3, 'seamstress', 1), (4, 'trucker', 2);
INSERT INTO vacancies_replies (resume_id, vacancy_id) VALUES
    (1, 1), (1, 2), (2, 1), (3, 3), (4, 2);
INSERT INTO hr.reviews (resume_id) VALUES (1), (1), (4);
INSERT INTO notes (worker_id, body) VALUES (1, 'a'), (1, 'b'), (2, 'c'), (NULL, 'd');
INSERT INTO contracts (worker_id) VALUES (3);
INSERT INTO audit_log (vacancy_id) VALUES (3);
INSERT INTO friendships VALUES (1, 2), (3, 1), (2, 4);
INSERT INTO events VALUES (1, 1, '2024-05-01'), (2, 1, '2025-05-01'), (3, 1, '2025-06-01'),
                          (4, 2, '2024-01-02');
INSERT INTO employees VALUES (1, NULL), (2, 1), (3, 2), (4, 3), (5, 2), (6, NULL);
-- A chain of twelve: deeper than the walk follows.
INSERT INTO employees SELECT 100, NULL;
INSERT INTO employees SELECT i, i - 1 FROM generate_series(101, 111) AS i;
INSERT INTO orders VALUES ('north', 1), ('north', 2), ('south', 1);
INSERT INTO order_lines (id, region, number) VALUES
    (1, 'north', 1), (2, 'north', 1), (3, 'south', 1), (4, 'north', 2);
INSERT INTO shipments (line_id) VALUES (1), (1), (3);
INSERT INTO teams VALUES (1, NULL), (2, NULL);
INSERT INTO members VALUES (10, 1), (11, 1), (20, 2);
-- Team 1 is led by one of its own members: its lead is not nulled, the team just goes.
UPDATE teams SET lead_id = 10 WHERE id = 1;
UPDATE teams SET lead_id = 11 WHERE id = 2;
INSERT INTO categories VALUES (1, NULL), (2, 1), (3, NULL);
)sql";

QString nameOf(const QString &schema, const QString &table)
{
    return schema == QLatin1String("public") ? table : schema + QLatin1Char('.') + table;
}

// What the preview promises, per table: rows deleted (the asked-for rows included) and rows
// whose reference is nulled or reset.
struct Outcome {
    QMap<QString, qint64> deleted;
    QMap<QString, qint64> cleared;
};

Outcome promised(const QList<CascadeEffect> &effects)
{
    Outcome out;
    QSet<QString> seen;
    for (const CascadeEffect &e : effects) {
        const QString name = nameOf(e.schema, e.table);
        const QString key = name + QString::number(int(e.action));
        if (e.depth == 0) {
            out.deleted[name] += e.rows;
            continue;
        }
        if (seen.contains(key))
            continue; // tableRows already covers every chain into this table
        seen.insert(key);
        if (e.action == Action::Delete)
            out.deleted[name] += e.tableRows;
        else if (e.action == Action::SetNull || e.action == Action::SetDefault)
            out.cleared[name] += e.tableRows;
    }
    return out;
}

} // namespace

class TestCascadePreview : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void workerChain();
    void matchesRealDelete_data();
    void matchesRealDelete();
    void blockedByRestrict();
    void blockedByNoAction();
    void selfReferenceBeyondDepthLimit();
    void compositeKeyAndSetDefault();
    void missingRowsCountNothing();
    void badKeys();
    void insideOpenTransaction();
    void failedTransactionIsAnError();

private:
    const TableInfo &table(const char *schema, const char *name) const;
    Result<QList<CascadeEffect>> preview(const TableInfo &table, const QList<QVariantList> &keys);
    // Runs the real DELETE in a transaction, measures every table, rolls back.
    Outcome truth(const TableInfo &table, const QList<QVariantList> &keys, DbError *error);
    QList<QVariantList> keyList(const QString &text) const;

    SchemaSnapshot m_snapshot;
    QSqlDatabase m_db;
};

void TestCascadePreview::initTestCase()
{
    DBX_REQUIRE_CLUSTER();
    TestCluster &cluster = TestCluster::instance();
    QString error;
    QVERIFY2(cluster.recreateDatabase(database, &error), qPrintable(error));
    QVERIFY2(cluster.exec(database, QString::fromUtf8(schemaSql), &error), qPrintable(error));
    QVERIFY2(cluster.exec(database, QString::fromUtf8(dataSql), &error), qPrintable(error));
    m_db = cluster.open(database);
    QVERIFY(m_db.isOpen());
    const Result<SchemaSnapshot> read = CatalogReader::read(m_db);
    QVERIFY2(read.ok(), qPrintable(read.error().message));
    m_snapshot = read.value();
}

const TableInfo &TestCascadePreview::table(const char *schema, const char *name) const
{
    const TableInfo *info =
        m_snapshot.table(QString::fromLatin1(schema), QString::fromLatin1(name));
    Q_ASSERT(info);
    return *info;
}

Result<QList<CascadeEffect>> TestCascadePreview::preview(const TableInfo &table,
                                                         const QList<QVariantList> &keys)
{
    return previewDelete(m_db, m_snapshot, table, keys);
}

// "1,2;3" -> {{1, 2}, {3}}: key tuples as text, the way the dialog receives them.
QList<QVariantList> TestCascadePreview::keyList(const QString &text) const
{
    QList<QVariantList> keys;
    for (const QString &tuple : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        QVariantList key;
        for (const QString &value : tuple.split(QLatin1Char(',')))
            key << value;
        keys << key;
    }
    return keys;
}

Outcome TestCascadePreview::truth(const TableInfo &table, const QList<QVariantList> &keys,
                                  DbError *error)
{
    // Every table of the schema except partitions (their parent counts their rows), and
    // per table the rows where each nulling foreign key is empty.
    QStringList tables;
    QMap<QString, QStringList> clearable;
    for (const SchemaInfo &schema : m_snapshot.schemas) {
        for (const TableInfo &t : schema.tables) {
            if (t.name.startsWith(QLatin1String("events_")))
                continue;
            const QString name = nameOf(t.schema, t.name);
            tables << name;
            for (const ForeignKeyInfo &fk : t.foreignKeys) {
                if (fk.onDelete == QLatin1String("SET NULL") ||
                    fk.onDelete == QLatin1String("SET DEFAULT"))
                    clearable[name] << quoteIdent(fk.columns.first()) + QStringLiteral(" IS NULL");
            }
        }
    }
    const auto measure = [&](Outcome &out) {
        for (const QString &name : tables) {
            const QStringList parts = name.split(QLatin1Char('.'));
            const QString from = parts.size() == 2 ? quoteQualified(parts[0], parts[1])
                                                   : quoteQualified(QStringLiteral("public"), name);
            out.deleted[name] = dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("SELECT count(*) FROM ") + from))
                                    ->rows[0][0]
                                    .toLongLong();
            for (const QString &isNull : clearable.value(name)) {
                out.cleared[name] +=
                    dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(from, isNull)))
                        ->rows[0][0]
                        .toLongLong();
            }
        }
    };
    Outcome before, after;
    dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("BEGIN")));
    measure(before);
    QStringList conditions;
    QVariantList params;
    for (const QVariantList &key : keys) {
        QStringList parts;
        for (qsizetype i = 0; i < key.size(); ++i) {
            params << key[i];
            parts << quoteIdent(table.primaryKey[i]) + QStringLiteral(" = $") +
                         QString::number(params.size());
        }
        conditions << QLatin1Char('(') + parts.join(QLatin1String(" AND ")) + QLatin1Char(')');
    }
    const Result<PgRows> deleted = dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("DELETE FROM %1 WHERE %2")
            .arg(quoteQualified(table.schema, table.name), conditions.join(QLatin1String(" OR "))),
        params));
    if (deleted.ok())
        measure(after);
    else
        *error = deleted.error();
    dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("ROLLBACK")));

    Outcome change;
    for (auto it = before.deleted.cbegin(); it != before.deleted.cend(); ++it) {
        if (const qint64 gone = it.value() - after.deleted.value(it.key()); gone > 0)
            change.deleted[it.key()] = gone;
    }
    for (auto it = after.cleared.cbegin(); it != after.cleared.cend(); ++it) {
        if (const qint64 more = it.value() - before.cleared.value(it.key()); more > 0)
            change.cleared[it.key()] = more;
    }
    return change;
}

void TestCascadePreview::workerChain()
{
    const Result<QList<CascadeEffect>> result =
        preview(table("public", "workers"), {{QStringLiteral("1")}});
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    const QList<CascadeEffect> &effects = result.value();
    QVERIFY(!effects.isEmpty());
    QCOMPARE(effects.first().table, QStringLiteral("workers"));
    QCOMPARE(effects.first().depth, 0);
    QCOMPARE(effects.first().rows, 1);

    const auto find = [&](const char *name, Action action) -> const CascadeEffect * {
        for (const CascadeEffect &e : effects) {
            if (e.table == QLatin1String(name) && e.action == action && e.depth > 0)
                return &e;
        }
        return nullptr;
    };
    const CascadeEffect *resumes = find("resumes", Action::Delete);
    QVERIFY(resumes);
    QCOMPARE(resumes->rows, 3);
    QCOMPARE(resumes->depth, 1);
    QCOMPARE(resumes->constraintName, QStringLiteral("resumes_worker_id_fkey"));
    const CascadeEffect *replies = find("vacancies_replies", Action::Delete);
    QVERIFY(replies);
    QCOMPARE(replies->rows, 4);
    QCOMPARE(replies->depth, 2);
    QCOMPARE(replies->path, (QStringList{QStringLiteral("workers"), QStringLiteral("resumes"),
                                         QStringLiteral("vacancies_replies")}));
    const CascadeEffect *reviews = find("reviews", Action::Delete);
    QVERIFY(reviews);
    QCOMPARE(reviews->schema, QStringLiteral("hr"));
    QCOMPARE(reviews->rows, 2);
    const CascadeEffect *notes = find("notes", Action::SetNull);
    QVERIFY(notes);
    QCOMPARE(notes->rows, 2);
    // The partitioned table counts once, not once more per partition.
    const CascadeEffect *events = find("events", Action::Delete);
    QVERIFY(events);
    QCOMPARE(events->rows, 3);
    for (const CascadeEffect &e : effects)
        QVERIFY2(!e.table.startsWith(QLatin1String("events_")), qPrintable(e.table));
    // Zero-row effects are left out: worker 1 has no contract.
    QVERIFY(!find("contracts", Action::Blocked));
    QVERIFY(!deleteIsBlocked(effects));
    // Each effect follows the one it comes from.
    for (qsizetype i = 1; i < effects.size(); ++i)
        QVERIFY(effects[i].depth <= effects[i - 1].depth + 1);

    const QString text = describe(effects);
    QVERIFY2(text.contains(QLatin1String("workers")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("3 row")) && text.contains(QLatin1String("of resumes")),
             qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("4 row")) &&
                 text.contains(QLatin1String("of vacancies_replies")),
             qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("hr.reviews")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("NULL")), qPrintable(text));
    // The preview leaves no transaction behind.
    QCOMPARE(transactionState(m_db), TransactionState::Idle);
}

void TestCascadePreview::matchesRealDelete_data()
{
    QTest::addColumn<QString>("name"); // a table in public
    QTest::addColumn<QString>("keys");
    const auto row = [](const char *tag, const char *name, const char *keys) {
        QTest::newRow(tag) << QString::fromLatin1(name) << QString::fromLatin1(keys);
    };
    row("one worker", "workers", "1");
    // Friendship (1, 2) is reached through both of its keys: deleted once, counted once.
    row("two workers", "workers", "1;2");
    row("worker without anything", "workers", "4");
    row("vacancy", "vacancies", "1");
    row("resume", "resumes", "1;4");
    row("manager", "employees", "1");
    // The manager and one report together: the report is not deleted twice.
    row("manager and report", "employees", "2;3");
    row("composite order", "orders", "north,1");
    row("two orders", "orders", "north,1;south,1");
    // teams -> members (CASCADE) -> teams (SET NULL): a cycle through two tables.
    row("team", "teams", "1");
    // A category and its only child, deleted together: its own reference does not block.
    row("category with child", "categories", "1;2");
}

void TestCascadePreview::matchesRealDelete()
{
    QFETCH(QString, name);
    QFETCH(QString, keys);
    const TableInfo &target = table("public", qPrintable(name));
    const QList<QVariantList> keyTuples = keyList(keys);
    const Result<QList<CascadeEffect>> result = preview(target, keyTuples);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QVERIFY(!deleteIsBlocked(result.value()));
    DbError error;
    const Outcome real = truth(target, keyTuples, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    const Outcome expected = promised(result.value());
    QCOMPARE(expected.deleted, real.deleted);
    QCOMPARE(expected.cleared, real.cleared);
}

void TestCascadePreview::blockedByRestrict()
{
    const TableInfo &workers = table("public", "workers");
    const Result<QList<CascadeEffect>> result = preview(workers, keyList(QStringLiteral("3;4")));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QVERIFY(deleteIsBlocked(result.value()));
    const CascadeEffect *blocker = nullptr;
    for (const CascadeEffect &e : result.value()) {
        if (e.action == Action::Blocked)
            blocker = &e;
    }
    QVERIFY(blocker);
    QCOMPARE(blocker->table, QStringLiteral("contracts"));
    QCOMPARE(blocker->constraintName, QStringLiteral("contracts_worker_fk"));
    QCOMPARE(blocker->onDelete, QStringLiteral("RESTRICT"));
    QCOMPARE(blocker->rows, 1);
    const QString text = describe(result.value());
    QVERIFY2(text.contains(QLatin1String("contracts_worker_fk")), qPrintable(text));

    DbError error;
    truth(workers, keyList(QStringLiteral("3;4")), &error);
    QCOMPARE(error.sqlState, QStringLiteral("23503"));
    QCOMPARE(error.constraintName, blocker->constraintName);
}

void TestCascadePreview::blockedByNoAction()
{
    const TableInfo &vacancies = table("public", "vacancies");
    const Result<QList<CascadeEffect>> result = preview(vacancies, keyList(QStringLiteral("3")));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QVERIFY(deleteIsBlocked(result.value()));
    QStringList blockers;
    for (const CascadeEffect &e : result.value()) {
        if (e.action == Action::Blocked)
            blockers << e.constraintName + QLatin1Char(' ') + e.onDelete;
    }
    QCOMPARE(blockers, QStringList{QStringLiteral("audit_vacancy_fk NO ACTION")});
    DbError error;
    truth(vacancies, keyList(QStringLiteral("3")), &error);
    QCOMPARE(error.sqlState, QStringLiteral("23503"));
    QCOMPARE(error.constraintName, QStringLiteral("audit_vacancy_fk"));

    // A self-reference blocks when the referring row stays.
    const TableInfo &categories = table("public", "categories");
    const Result<QList<CascadeEffect>> parent = preview(categories, keyList(QStringLiteral("1")));
    QVERIFY2(parent.ok(), qPrintable(parent.error().message));
    QVERIFY(deleteIsBlocked(parent.value()));
    QCOMPARE(parent->last().constraintName, QStringLiteral("categories_parent_fk"));
    DbError selfError;
    truth(categories, keyList(QStringLiteral("1")), &selfError);
    QCOMPARE(selfError.constraintName, QStringLiteral("categories_parent_fk"));
}

void TestCascadePreview::selfReferenceBeyondDepthLimit()
{
    const Result<QList<CascadeEffect>> result =
        preview(table("public", "employees"), keyList(QStringLiteral("100")));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    const QList<CascadeEffect> &effects = result.value();
    // The root, then one report per level down to the limit, where the chain is cut.
    QCOMPARE(effects.size(), 9);
    for (int depth = 1; depth <= 8; ++depth) {
        QCOMPARE(effects[depth].depth, depth);
        QCOMPARE(effects[depth].rows, 1);
        QCOMPARE(effects[depth].truncated, depth == 8);
    }
    QCOMPARE(effects.last().path.size(), 9);
    QVERIFY(describe(effects).contains(QLatin1String("not counted")));

    // A chain that ends before the limit is complete and not marked.
    const Result<QList<CascadeEffect>> shallow =
        preview(table("public", "employees"), keyList(QStringLiteral("1")));
    QVERIFY(shallow.ok());
    for (const CascadeEffect &e : shallow.value())
        QVERIFY(!e.truncated);
}

void TestCascadePreview::compositeKeyAndSetDefault()
{
    const Result<QList<CascadeEffect>> result =
        preview(table("public", "orders"), keyList(QStringLiteral("north,1;north,2")));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    const QList<CascadeEffect> &effects = result.value();
    QCOMPARE(effects.size(), 3);
    QCOMPARE(effects[0].rows, 2);
    QCOMPARE(effects[1].table, QStringLiteral("order_lines"));
    QCOMPARE(effects[1].rows, 3);
    QCOMPARE(effects[2].table, QStringLiteral("shipments"));
    QCOMPARE(effects[2].action, Action::SetDefault);
    QCOMPARE(effects[2].rows, 2);
    QCOMPARE(effects[2].depth, 2);
}

void TestCascadePreview::missingRowsCountNothing()
{
    const Result<QList<CascadeEffect>> result =
        preview(table("public", "workers"), keyList(QStringLiteral("999")));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QCOMPARE(result->size(), 1);
    QCOMPARE(result->first().rows, 0);
    QVERIFY(!describe(result.value()).isEmpty());

    const Result<QList<CascadeEffect>> none = preview(table("public", "workers"), {});
    QVERIFY(none.ok());
    QCOMPARE(none->size(), 1);
    QCOMPARE(none->first().rows, 0);
}

void TestCascadePreview::badKeys()
{
    // A key with the wrong number of values is refused before anything runs.
    const Result<QList<CascadeEffect>> wrongSize =
        preview(table("public", "orders"), {{QStringLiteral("north")}});
    QVERIFY(!wrongSize.ok());
    QVERIFY(!wrongSize.error().message.isEmpty());
    // A value of the wrong type is the server's error, and the connection stays usable.
    const Result<QList<CascadeEffect>> notANumber =
        preview(table("public", "workers"), {{QStringLiteral("1); DROP TABLE workers; --")}});
    QVERIFY(!notANumber.ok());
    QCOMPARE(notANumber.error().sqlState, QStringLiteral("22P02"));
    QCOMPARE(transactionState(m_db), TransactionState::Idle);
    QVERIFY(m_snapshot.table(QStringLiteral("public"), QStringLiteral("workers")));
    QVERIFY(dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("SELECT count(*) FROM workers"))).ok());
}

void TestCascadePreview::insideOpenTransaction()
{
    // Rows the user's own transaction added are counted, and the transaction survives.
    QVERIFY(dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("BEGIN"))).ok());
    QVERIFY(dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("INSERT INTO resumes (id, title, worker_id) "
                                        "VALUES (50, 'new', 4)")))
                .ok());
    const Result<QList<CascadeEffect>> result =
        preview(table("public", "workers"), keyList(QStringLiteral("4")));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QCOMPARE(transactionState(m_db), TransactionState::InTransaction);
    bool sawResume = false;
    for (const CascadeEffect &e : result.value())
        sawResume = sawResume || (e.table == QLatin1String("resumes") && e.rows == 1);
    QVERIFY(sawResume);
    // A failing preview inside the transaction does not spoil it either.
    QVERIFY(!preview(table("public", "workers"), {{QStringLiteral("x")}}).ok());
    QCOMPARE(transactionState(m_db), TransactionState::InTransaction);
    const Result<PgRows> still =
        dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("SELECT count(*) FROM resumes WHERE id = 50")));
    QVERIFY2(still.ok(), qPrintable(still.error().message));
    QCOMPARE(still->rows[0][0].toString(), QStringLiteral("1"));
    QVERIFY(dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("ROLLBACK"))).ok());
}

void TestCascadePreview::failedTransactionIsAnError()
{
    QVERIFY(dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("BEGIN"))).ok());
    QVERIFY(!dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("SELECT 1/0"))).ok());
    const Result<QList<CascadeEffect>> result =
        preview(table("public", "workers"), keyList(QStringLiteral("1")));
    QVERIFY(!result.ok());
    QVERIFY(!result.error().message.isEmpty());
    QCOMPARE(transactionState(m_db), TransactionState::InFailedTransaction);
    QVERIFY(dbx::model::exec(m_db, dbx::model::Statement(QStringLiteral("ROLLBACK"))).ok());
}

QTEST_GUILESS_MAIN(TestCascadePreview)
#include "tst_cascadepreview.moc"
