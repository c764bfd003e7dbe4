#include "model/catalog/catalogreader.h"
#include "model/connection/connector.h"
#include "model/db/databaseworker.h"
#include "model/db/executor.h"
#include "testcluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QtTest>

using namespace dbx::model;
using dbx::test::TestCluster;

namespace {

const QString database = QStringLiteral("catalog_test");

// The demo schema, as the application ships it.
const char *const demoSchema = R"sql(
CREATE TYPE workload AS ENUM ('parttime', 'fulltime');
CREATE TABLE workers (id serial PRIMARY KEY, username varchar NOT NULL);
COMMENT ON TABLE workers IS 'People looking for work';
CREATE TABLE resumes (
    id serial PRIMARY KEY,
    title varchar(256) NOT NULL,
    compensation integer NULL CHECK (compensation > 0),
    workload workload NOT NULL,
    worker_id integer NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    created_at timestamp NOT NULL DEFAULT timezone('utc', now()),
    updated_at timestamp NOT NULL DEFAULT timezone('utc', now())
);
CREATE INDEX title_index ON resumes (title);
CREATE TABLE vacancies (id serial PRIMARY KEY, title varchar(256) NOT NULL, compensation int);
CREATE TABLE vacancies_replies (
    resume_id int REFERENCES resumes ON DELETE CASCADE,
    vacancy_id int REFERENCES vacancies ON DELETE CASCADE,
    cover_letter varchar,
    PRIMARY KEY (resume_id, vacancy_id)
);
)sql";

// What the demo does not cover: quoted names (one with a comma, which would break a naive
// parse of PostgreSQL's array text), identity and generated columns, a key whose order differs
// from the column order, a composite and a self-referencing key, views of both kinds.
const char *const extraSchema = R"sql(
CREATE SCHEMA extra;
CREATE SCHEMA empty_one;
CREATE TABLE extra."Weird Table" (
    "Id" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "Label, with comma" text NOT NULL,
    price numeric(10,2),
    price_with_tax numeric GENERATED ALWAYS AS (price * 1.2) STORED,
    parent_id integer REFERENCES extra."Weird Table" ("Id") ON DELETE SET NULL,
    CONSTRAINT weird_label_key UNIQUE ("Label, with comma")
);
CREATE INDEX weird_lower_idx ON extra."Weird Table" (lower("Label, with comma"), price);
CREATE TABLE extra.orders (region text, number int, note text, PRIMARY KEY (number, region));
INSERT INTO extra.orders VALUES ('north', 1, NULL), ('north', 2, NULL), ('south', 1, NULL);
ANALYZE extra.orders;
CREATE TABLE extra.order_lines (
    line_no int NOT NULL,
    order_region text NOT NULL,
    order_number int NOT NULL,
    CONSTRAINT order_lines_order_fk FOREIGN KEY (order_number, order_region)
        REFERENCES extra.orders (number, region) ON UPDATE CASCADE ON DELETE RESTRICT
);
CREATE VIEW extra.expensive AS SELECT "Id", price FROM extra."Weird Table" WHERE price > 100;
CREATE MATERIALIZED VIEW extra.region_totals AS
    SELECT region, count(*) AS orders FROM extra.orders GROUP BY region;
CREATE TABLE extra.events (id int, happened date) PARTITION BY RANGE (happened);
CREATE TABLE extra.events_2024 PARTITION OF extra.events
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TYPE extra.mood AS ENUM ('sad', 'ok', 'happy');
)sql";

QStringList names(const auto &list)
{
    QStringList result;
    for (const auto &item : list)
        result << item.name;
    return result;
}

} // namespace

class TestCatalogReader : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void schemasAndRelations();
    void columns();
    void primaryAndUniqueKeys();
    void foreignKeys();
    void checks();
    void indexes();
    void enums();
    void lookups();
    void closedDatabaseIsAnError();
    void cancelledContext();
    void contextErrorIsReported();
    void noCatalogQueryIsJitCompiled();

private:
    SchemaSnapshot m_snapshot;
};

void TestCatalogReader::initTestCase()
{
    DBX_REQUIRE_CLUSTER();
    TestCluster &cluster = TestCluster::instance();
    QString error;
    QVERIFY2(cluster.recreateDatabase(database, &error), qPrintable(error));
    QVERIFY2(cluster.exec(database, QString::fromUtf8(demoSchema), &error), qPrintable(error));
    QVERIFY2(cluster.exec(database, QString::fromUtf8(extraSchema), &error), qPrintable(error));
    // Changes the label order away from creation order; enumsortorder must win.
    QVERIFY2(cluster.exec(database,
                          QStringLiteral("ALTER TYPE extra.mood ADD VALUE 'meh' BEFORE "
                                         "'ok'"),
                          &error),
             qPrintable(error));
    // A temporary table puts a pg_temp_N schema into this session's catalog.
    QVERIFY2(cluster.exec(database, QStringLiteral("CREATE TEMP TABLE scratch (x int)"), &error),
             qPrintable(error));

    QSqlDatabase db = cluster.open(database);
    QVERIFY(db.isOpen());
    const Result<SchemaSnapshot> read = CatalogReader::read(db);
    QVERIFY2(read.ok(), qPrintable(read.error().message + QLatin1Char('\n') + read.error().detail));
    m_snapshot = read.value();
}

void TestCatalogReader::schemasAndRelations()
{
    QCOMPARE(m_snapshot.database, database);
    // pg_catalog, information_schema, pg_toast and pg_temp_N are left out; empty schemas stay.
    QCOMPARE(names(m_snapshot.schemas),
             (QStringList{QStringLiteral("empty_one"), QStringLiteral("extra"),
                          QStringLiteral("public")}));
    QVERIFY(m_snapshot.schemas.at(0).tables.isEmpty());

    const SchemaInfo *pub = m_snapshot.schema(QStringLiteral("public"));
    QVERIFY(pub);
    QCOMPARE(names(pub->tables),
             (QStringList{QStringLiteral("resumes"), QStringLiteral("vacancies"),
                          QStringLiteral("vacancies_replies"), QStringLiteral("workers")}));
    const SchemaInfo *extra = m_snapshot.schema(QStringLiteral("extra"));
    QVERIFY(extra);
    // Byte order: the upper-case W sorts before every lower-case name.
    QCOMPARE(names(extra->tables),
             (QStringList{QStringLiteral("Weird Table"), QStringLiteral("events"),
                          QStringLiteral("events_2024"), QStringLiteral("expensive"),
                          QStringLiteral("order_lines"), QStringLiteral("orders"),
                          QStringLiteral("region_totals")}));
    QCOMPARE(m_snapshot.tableCount(), 11);

    const auto kindOf = [&](const char *schema, const char *table) {
        const TableInfo *info =
            m_snapshot.table(QString::fromLatin1(schema), QString::fromLatin1(table));
        return info ? int(info->kind) : -1;
    };
    QCOMPARE(kindOf("public", "workers"), int(TableInfo::Kind::Table));
    QCOMPARE(kindOf("extra", "expensive"), int(TableInfo::Kind::View));
    QCOMPARE(kindOf("extra", "region_totals"), int(TableInfo::Kind::MaterializedView));
    QCOMPARE(kindOf("extra", "events"), int(TableInfo::Kind::PartitionedTable));
    QCOMPARE(kindOf("extra", "events_2024"), int(TableInfo::Kind::Table));

    const TableInfo *workers =
        m_snapshot.table(QStringLiteral("public"), QStringLiteral("workers"));
    QCOMPARE(workers->schema, QStringLiteral("public"));
    QCOMPARE(workers->comment, QStringLiteral("People looking for work"));
    QCOMPARE(workers->estimatedRows, -1); // never analysed
    QCOMPARE(m_snapshot.table(QStringLiteral("extra"), QStringLiteral("orders"))->estimatedRows, 3);
}

void TestCatalogReader::columns()
{
    const TableInfo *resumes =
        m_snapshot.table(QStringLiteral("public"), QStringLiteral("resumes"));
    QVERIFY(resumes);
    QCOMPARE(
        names(resumes->columns),
        (QStringList{QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("compensation"),
                     QStringLiteral("workload"), QStringLiteral("worker_id"),
                     QStringLiteral("created_at"), QStringLiteral("updated_at")}));
    const ColumnInfo &id = resumes->columns.at(0);
    QCOMPARE(id.type, QStringLiteral("integer"));
    QCOMPARE(id.dataType.kind, TypeKind::Integer);
    QCOMPARE(id.dataType.oid, TypeOid::Int4);
    QVERIFY(id.notNull);
    QCOMPARE(id.defaultExpr, QStringLiteral("nextval('resumes_id_seq'::regclass)"));
    QVERIFY(!id.identity);
    QCOMPARE(id.position, 1);
    const ColumnInfo &title = resumes->columns.at(1);
    QCOMPARE(title.type, QStringLiteral("character varying(256)"));
    QCOMPARE(title.dataType.kind, TypeKind::Text);
    QCOMPARE(title.dataType.oid, TypeOid::Varchar);
    QVERIFY(title.notNull);
    QVERIFY(title.defaultExpr.isEmpty());
    QCOMPARE(title.position, 2);
    const ColumnInfo &compensation = resumes->columns.at(2);
    QVERIFY(!compensation.notNull);
    const ColumnInfo &workload = resumes->columns.at(3);
    QCOMPARE(workload.type, QStringLiteral("workload"));
    QCOMPARE(workload.dataType.kind, TypeKind::Enum);
    QCOMPARE(workload.dataType.enumSchema, QStringLiteral("public"));
    QCOMPARE(workload.dataType.enumName, QStringLiteral("workload"));
    const ColumnInfo &createdAt = resumes->columns.at(5);
    QCOMPARE(createdAt.type, QStringLiteral("timestamp without time zone"));
    QCOMPARE(createdAt.dataType.kind, TypeKind::Timestamp);
    QVERIFY(!createdAt.dataType.withTimeZone);
    QCOMPARE(createdAt.defaultExpr, QStringLiteral("timezone('utc'::text, now())"));
    QCOMPARE(createdAt.position, 6);

    const TableInfo *workers =
        m_snapshot.table(QStringLiteral("public"), QStringLiteral("workers"));
    QCOMPARE(workers->columns.at(1).type, QStringLiteral("character varying"));

    const TableInfo *weird =
        m_snapshot.table(QStringLiteral("extra"), QStringLiteral("Weird Table"));
    QVERIFY(weird);
    QCOMPARE(names(weird->columns),
             (QStringList{QStringLiteral("Id"), QStringLiteral("Label, with comma"),
                          QStringLiteral("price"), QStringLiteral("price_with_tax"),
                          QStringLiteral("parent_id")}));
    QVERIFY(weird->columns.at(0).identity);
    QVERIFY(!weird->columns.at(0).generated);
    QVERIFY(weird->columns.at(0).defaultExpr.isEmpty());
    QCOMPARE(weird->columns.at(2).type, QStringLiteral("numeric(10,2)"));
    const ColumnInfo &withTax = weird->columns.at(3);
    QVERIFY(withTax.generated);
    QVERIFY(!withTax.identity);
    QCOMPARE(withTax.defaultExpr, QStringLiteral("(price * 1.2)"));

    const TableInfo *view = m_snapshot.table(QStringLiteral("extra"), QStringLiteral("expensive"));
    QCOMPARE(names(view->columns), (QStringList{QStringLiteral("Id"), QStringLiteral("price")}));
    const TableInfo *totals =
        m_snapshot.table(QStringLiteral("extra"), QStringLiteral("region_totals"));
    QCOMPARE(totals->columns.at(1).type, QStringLiteral("bigint"));
}

void TestCatalogReader::primaryAndUniqueKeys()
{
    const auto pk = [&](const char *schema, const char *table) {
        return m_snapshot.table(QString::fromLatin1(schema), QString::fromLatin1(table))
            ->primaryKey;
    };
    QCOMPARE(pk("public", "workers"), QStringList{QStringLiteral("id")});
    QCOMPARE(pk("public", "vacancies_replies"),
             (QStringList{QStringLiteral("resume_id"), QStringLiteral("vacancy_id")}));
    // Key order, not column order (region is the first column).
    QCOMPARE(pk("extra", "orders"),
             (QStringList{QStringLiteral("number"), QStringLiteral("region")}));
    QVERIFY(pk("extra", "order_lines").isEmpty());
    QCOMPARE(pk("extra", "Weird Table"), QStringList{QStringLiteral("Id")});

    const TableInfo *weird =
        m_snapshot.table(QStringLiteral("extra"), QStringLiteral("Weird Table"));
    QCOMPARE(weird->uniques.size(), 1);
    QCOMPARE(weird->uniques.at(0).name, QStringLiteral("weird_label_key"));
    QCOMPARE(weird->uniques.at(0).columns, QStringList{QStringLiteral("Label, with comma")});
    QVERIFY(
        m_snapshot.table(QStringLiteral("public"), QStringLiteral("resumes"))->uniques.isEmpty());
}

void TestCatalogReader::foreignKeys()
{
    const TableInfo *resumes =
        m_snapshot.table(QStringLiteral("public"), QStringLiteral("resumes"));
    QCOMPARE(resumes->foreignKeys.size(), 1);
    const ForeignKeyInfo &toWorkers = resumes->foreignKeys.at(0);
    QCOMPARE(toWorkers.name, QStringLiteral("resumes_worker_id_fkey"));
    QCOMPARE(toWorkers.columns, QStringList{QStringLiteral("worker_id")});
    QCOMPARE(toWorkers.refSchema, QStringLiteral("public"));
    QCOMPARE(toWorkers.refTable, QStringLiteral("workers"));
    QCOMPARE(toWorkers.refColumns, QStringList{QStringLiteral("id")});
    QCOMPARE(toWorkers.onDelete, QStringLiteral("CASCADE"));
    QCOMPARE(toWorkers.onUpdate, QStringLiteral("NO ACTION"));

    const TableInfo *replies =
        m_snapshot.table(QStringLiteral("public"), QStringLiteral("vacancies_replies"));
    QCOMPARE(names(replies->foreignKeys),
             (QStringList{QStringLiteral("vacancies_replies_resume_id_fkey"),
                          QStringLiteral("vacancies_replies_vacancy_id_fkey")}));
    QCOMPARE(replies->foreignKeys.at(0).refTable, QStringLiteral("resumes"));
    QCOMPARE(replies->foreignKeys.at(0).refColumns, QStringList{QStringLiteral("id")});
    QCOMPARE(replies->foreignKeys.at(1).refTable, QStringLiteral("vacancies"));
    QCOMPARE(replies->foreignKeys.at(1).onDelete, QStringLiteral("CASCADE"));

    const TableInfo *lines =
        m_snapshot.table(QStringLiteral("extra"), QStringLiteral("order_lines"));
    QCOMPARE(lines->foreignKeys.size(), 1);
    const ForeignKeyInfo &composite = lines->foreignKeys.at(0);
    QCOMPARE(composite.name, QStringLiteral("order_lines_order_fk"));
    QCOMPARE(composite.columns,
             (QStringList{QStringLiteral("order_number"), QStringLiteral("order_region")}));
    QCOMPARE(composite.refSchema, QStringLiteral("extra"));
    QCOMPARE(composite.refTable, QStringLiteral("orders"));
    QCOMPARE(composite.refColumns,
             (QStringList{QStringLiteral("number"), QStringLiteral("region")}));
    QCOMPARE(composite.onDelete, QStringLiteral("RESTRICT"));
    QCOMPARE(composite.onUpdate, QStringLiteral("CASCADE"));

    const TableInfo *weird =
        m_snapshot.table(QStringLiteral("extra"), QStringLiteral("Weird Table"));
    QCOMPARE(weird->foreignKeys.size(), 1);
    const ForeignKeyInfo &self = weird->foreignKeys.at(0);
    QCOMPARE(self.name, QStringLiteral("Weird Table_parent_id_fkey"));
    QCOMPARE(self.columns, QStringList{QStringLiteral("parent_id")});
    QCOMPARE(self.refSchema, QStringLiteral("extra"));
    QCOMPARE(self.refTable, QStringLiteral("Weird Table"));
    QCOMPARE(self.refColumns, QStringList{QStringLiteral("Id")});
    QCOMPARE(self.onDelete, QStringLiteral("SET NULL"));
    QCOMPARE(self.onUpdate, QStringLiteral("NO ACTION"));
}

void TestCatalogReader::checks()
{
    const TableInfo *resumes =
        m_snapshot.table(QStringLiteral("public"), QStringLiteral("resumes"));
    QCOMPARE(resumes->checks.size(), 1);
    QCOMPARE(resumes->checks.at(0).name, QStringLiteral("resumes_compensation_check"));
    QCOMPARE(resumes->checks.at(0).expression, QStringLiteral("CHECK ((compensation > 0))"));
    // NOT NULL is a column property in PostgreSQL 15, not a check constraint.
    QVERIFY(
        m_snapshot.table(QStringLiteral("public"), QStringLiteral("workers"))->checks.isEmpty());
}

void TestCatalogReader::indexes()
{
    const TableInfo *resumes =
        m_snapshot.table(QStringLiteral("public"), QStringLiteral("resumes"));
    QCOMPARE(names(resumes->indexes),
             (QStringList{QStringLiteral("resumes_pkey"), QStringLiteral("title_index")}));
    const IndexInfo &pkey = resumes->indexes.at(0);
    QCOMPARE(pkey.columns, QStringList{QStringLiteral("id")});
    QVERIFY(pkey.unique);
    QVERIFY(pkey.primary);
    QCOMPARE(pkey.method, QStringLiteral("btree"));
    QCOMPARE(pkey.definition,
             QStringLiteral("CREATE UNIQUE INDEX resumes_pkey ON public.resumes USING btree (id)"));
    const IndexInfo &title = resumes->indexes.at(1);
    QCOMPARE(title.columns, QStringList{QStringLiteral("title")});
    QVERIFY(!title.unique);
    QVERIFY(!title.primary);
    QCOMPARE(title.definition,
             QStringLiteral("CREATE INDEX title_index ON public.resumes USING btree (title)"));

    const TableInfo *replies =
        m_snapshot.table(QStringLiteral("public"), QStringLiteral("vacancies_replies"));
    QCOMPARE(replies->indexes.size(), 1);
    QCOMPARE(replies->indexes.at(0).columns,
             (QStringList{QStringLiteral("resume_id"), QStringLiteral("vacancy_id")}));

    const TableInfo *weird =
        m_snapshot.table(QStringLiteral("extra"), QStringLiteral("Weird Table"));
    QCOMPARE(names(weird->indexes),
             (QStringList{QStringLiteral("Weird Table_pkey"), QStringLiteral("weird_label_key"),
                          QStringLiteral("weird_lower_idx")}));
    QCOMPARE(weird->indexes.at(0).columns, QStringList{QStringLiteral("Id")});
    const IndexInfo &unique = weird->indexes.at(1);
    QVERIFY(unique.unique);
    QVERIFY(!unique.primary);
    QCOMPARE(unique.columns, QStringList{QStringLiteral("Label, with comma")});
    const IndexInfo &expression = weird->indexes.at(2);
    QCOMPARE(expression.columns, (QStringList{QStringLiteral("lower(\"Label, with comma\")"),
                                              QStringLiteral("price")}));
    QCOMPARE(expression.definition,
             QStringLiteral("CREATE INDEX weird_lower_idx ON extra.\"Weird Table\" USING btree "
                            "(lower(\"Label, with comma\"), price)"));
}

void TestCatalogReader::enums()
{
    const SchemaInfo *pub = m_snapshot.schema(QStringLiteral("public"));
    QCOMPARE(pub->enums.size(), 1);
    QCOMPARE(pub->enums.at(0).schema, QStringLiteral("public"));
    QCOMPARE(pub->enums.at(0).name, QStringLiteral("workload"));
    QCOMPARE(pub->enums.at(0).labels,
             (QStringList{QStringLiteral("parttime"), QStringLiteral("fulltime")}));
    const EnumInfo *mood = m_snapshot.enumType(QStringLiteral("extra"), QStringLiteral("mood"));
    QVERIFY(mood);
    QCOMPARE(mood->labels, (QStringList{QStringLiteral("sad"), QStringLiteral("meh"),
                                        QStringLiteral("ok"), QStringLiteral("happy")}));
}

void TestCatalogReader::lookups()
{
    QVERIFY(!m_snapshot.schema(QStringLiteral("pg_catalog")));
    QVERIFY(!m_snapshot.schema(QStringLiteral("information_schema")));
    QVERIFY(!m_snapshot.table(QStringLiteral("public"), QStringLiteral("Workers")));
    QVERIFY(!m_snapshot.table(QStringLiteral("nope"), QStringLiteral("workers")));
    QVERIFY(!m_snapshot.enumType(QStringLiteral("extra"), QStringLiteral("workload")));
    const TableInfo *resumes =
        m_snapshot.table(QStringLiteral("public"), QStringLiteral("resumes"));
    QVERIFY(resumes->column(QStringLiteral("worker_id")));
    QCOMPARE(resumes->column(QStringLiteral("worker_id"))->position, 5);
    QVERIFY(!resumes->column(QStringLiteral("missing")));
    QVERIFY(resumes->isForeignKeyColumn(QStringLiteral("worker_id")));
    QVERIFY(!resumes->isForeignKeyColumn(QStringLiteral("id")));
}

void TestCatalogReader::closedDatabaseIsAnError()
{
    QSqlDatabase invalid;
    Result<SchemaSnapshot> read = CatalogReader::read(invalid);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().kind, DbError::Kind::ConnectionFailed);
    QVERIFY(!read.error().message.isEmpty());

    const QString name = QStringLiteral("catalog-closed");
    {
        QSqlDatabase closed = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        read = CatalogReader::read(closed);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().kind, DbError::Kind::ConnectionFailed);
    }
    QSqlDatabase::removeDatabase(name);
}

void TestCatalogReader::cancelledContext()
{
    DBX_REQUIRE_CLUSTER();
    QSqlDatabase db = TestCluster::instance().open(database);
    QVERIFY(db.isOpen());
    WorkerControl control;
    const Ticket ticket = 7;
    control.cancel(ticket);
    const JobContext context(ticket, &control, [](qint64) {});
    const Result<SchemaSnapshot> read = CatalogReader::read(db, &context);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().kind, DbError::Kind::Cancelled);
    QVERIFY(read.error().isCancelled());

    // Another ticket on the same control is unaffected, and the connection still works.
    const JobContext other(ticket + 1, &control, [](qint64) {});
    const Result<SchemaSnapshot> again = CatalogReader::read(db, &other);
    QVERIFY2(again.ok(), qPrintable(again.error().message));
    QCOMPARE(again->schemas.size(), m_snapshot.schemas.size());
}

void TestCatalogReader::contextErrorIsReported()
{
    DBX_REQUIRE_CLUSTER();
    QSqlDatabase db = TestCluster::instance().open(database);
    WorkerControl control;
    DbError error;
    error.kind = DbError::Kind::ConnectionLost;
    error.message = QStringLiteral("gone");
    const JobContext context(
        1, &control, [](qint64) {}, error);
    const Result<SchemaSnapshot> read = CatalogReader::read(db, &context);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().kind, DbError::Kind::ConnectionLost);
    QCOMPARE(read.error().message, QStringLiteral("gone"));
}

void TestCatalogReader::noCatalogQueryIsJitCompiled()
{
    // A catalog query the planner prices over jit_above_cost spends tens of milliseconds
    // compiling on every schema load (a generate_series of unknown bounds did: 1,000 rows
    // guessed per index).
    QSqlDatabase db = TestCluster::instance().open(database);
    const Result<QVariant> limit = execScalar(
        db, Statement(QStringLiteral("SELECT current_setting('jit_above_cost')::float8")));
    QVERIFY2(limit.ok(), qPrintable(limit.error().message));
    for (const char *file : {"relations.sql", "columns.sql", "constraints.sql", "indexes.sql",
                             "enums.sql", "routines.sql"}) {
        QFile source(QStringLiteral(":/dbx/catalog/%1").arg(QLatin1String(file)));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QString sql = QString::fromUtf8(source.readAll());
        const Result<QVariant> plan =
            execScalar(db, Statement(QStringLiteral("EXPLAIN (FORMAT JSON) ") + sql));
        QVERIFY2(plan.ok(), qPrintable(plan.error().message));
        const QJsonArray top = QJsonDocument::fromJson(plan->toString().toUtf8()).array();
        const double cost =
            top.at(0)[QStringLiteral("Plan")][QStringLiteral("Total Cost")].toDouble();
        QVERIFY2(cost > 0 && cost < limit->toDouble(),
                 qPrintable(QStringLiteral("%1 costs %2").arg(QLatin1String(file)).arg(cost)));
    }
}

QTEST_GUILESS_MAIN(TestCatalogReader)
#include "tst_catalogreader.moc"
