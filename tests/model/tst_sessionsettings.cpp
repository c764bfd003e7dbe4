// A database whose defaults are hostile to client-side escaping: standard_conforming_strings
// off (as older applications set it) and client_encoding LATIN1. Hostile values go through the
// grid's filter, pending edits and the query builder and come back exactly; the catalog is read
// without a warning and keeps a schema named like pg_toast; the literal SQL the program writes
// for reading (--literal, Pending SQL) means the same to psql on that database.

#include "model/catalog/catalogreader.h"
#include "model/connection/connector.h"
#include "model/data/tabledatamodel.h"
#include "model/db/database.h"
#include "model/db/executor.h"
#include "model/edit/changecommit.h"
#include "model/edit/changesql.h"
#include "model/query/queryrunner.h"
#include "model/query/querysql.h"
#include "testcluster.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

using namespace dbx::model;
using query::Filter;

namespace {

const QString kDb = QStringLiteral("scs_off");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QStringList &hostileValues()
{
    static const QStringList values{
        s("x\\'; DROP TABLE victims; --"), s("it's \"quoted\" ''twice''"),
        s("C:\\path\\to\\file \\\\ \\n"),  s("100% _sure_ \\%"),
        s("Бобр 🦫 naïve ümlaut"), s("$1 ? :name $$ $q$"),
    };
    return values;
}

} // namespace

class TestSessionSettings : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Database> m_db;
    SchemaSnapshot m_snapshot;

    QSqlDatabase sync() { return dbx::test::TestCluster::instance().open(kDb); }

    qint64 victims()
    {
        QSqlDatabase db = sync();
        return execScalar(db, Statement(s("SELECT count(*) FROM victims"))).value().toLongLong();
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        QVERIFY(cluster.exec(QStringLiteral("postgres"),
                             s("ALTER DATABASE scs_off SET standard_conforming_strings = off;"
                               "ALTER DATABASE scs_off SET client_encoding = 'LATIN1';"
                               "ALTER DATABASE scs_off SET escape_string_warning = on")));
        QVERIFY(cluster.exec(kDb, s("CREATE TABLE victims (id int);"
                                    "INSERT INTO victims VALUES (1), (2);"
                                    "CREATE SCHEMA pgxtoast;"
                                    "CREATE TABLE pgxtoast.kept (id int PRIMARY KEY);"
                                    "CREATE TABLE items (id serial PRIMARY KEY, name text)")));
        m_db = std::make_unique<Database>();
        QSignalSpy connected(m_db.get(), &Database::connected);
        m_db->connectTo(cluster.spec(kDb));
        QVERIFY(connected.wait(10000));
    }

    void cleanupTestCase() { m_db.reset(); }

    void sessionsInheritTheDefaults()
    {
        QSqlDatabase db = sync();
        QCOMPARE(execScalar(db, Statement(s("SHOW standard_conforming_strings"))).value(),
                 QVariant(s("off")));
        // The application asks for UTF8 when it connects, over the database's LATIN1.
        QVERIFY(Connector::sessionIsUtf8(db));
    }

    void catalogIsReadWithoutWarningsAndKeepsLookalikeSchemas()
    {
        QSqlDatabase db = sync();
        QList<Notice> notices;
        NoticeScope scope([&](const Notice &n) { notices << n; });
        const Result<SchemaSnapshot> snapshot = CatalogReader::read(db);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.error().message));
        QVERIFY2(notices.isEmpty(), qPrintable(notices.value(0).message));
        QVERIFY(snapshot->table(s("pgxtoast"), s("kept")));
        QVERIFY(!snapshot->schema(s("pg_toast")));
        m_snapshot = snapshot.value();
    }

    void pendingEditsInsertHostileValuesExactly()
    {
        const TableInfo *items = m_snapshot.table(s("public"), s("items"));
        QVERIFY(items);
        const TableQuery table = TableQuery::fromTable(*items);
        QList<RowChange> changes;
        for (const QString &value : hostileValues()) {
            RowChange insert;
            insert.kind = RowChange::Kind::Insert;
            insert.id = int(changes.size()) + 1;
            insert.values.insert(1, value);
            changes << insert;
        }
        QSqlDatabase db = sync();
        const Result<CommitOutcome> done = commitChanges(db, table, changes);
        QVERIFY2(done.ok(), qPrintable(done.error().message));
        QCOMPARE(done->status, CommitOutcome::Status::Committed);
        const Result<PgRows> rows = exec(db, Statement(s("SELECT name FROM items ORDER BY id")));
        QStringList names;
        for (const QVariantList &row : rows->rows)
            names << row.value(0).toString();
        QCOMPARE(names, hostileValues());
        QCOMPARE(victims(), 2);
    }

    void pendingSqlShowsLiteralsThatReadTheSame()
    {
        // "Pending SQL" lists the bound values as literals: on this database each must read
        // back as the value, without a warning.
        const TableInfo *items = m_snapshot.table(s("public"), s("items"));
        QList<RowChange> changes;
        for (const QString &value : hostileValues()) {
            RowChange insert;
            insert.kind = RowChange::Kind::Insert;
            insert.values.insert(1, value);
            changes << insert;
        }
        const QString script = ChangeSql(TableQuery::fromTable(*items)).script(changes);
        QStringList literals;
        for (const QString &line : script.split(u'\n')) {
            if (line.trimmed().startsWith(s("-- $1 = ")))
                literals << line.trimmed().mid(8);
        }
        QCOMPARE(literals.size(), hostileValues().size());
        QSqlDatabase db = sync();
        QList<Notice> notices;
        NoticeScope scope([&](const Notice &n) { notices << n; });
        for (qsizetype i = 0; i < literals.size(); ++i) {
            const Result<QVariant> back = execScalar(db, Statement(s("SELECT ") + literals.at(i)));
            QVERIFY2(back.ok(), qPrintable(back.error().message + s(": ") + literals.at(i)));
            QCOMPARE(back->toString(), hostileValues().at(i));
        }
        QVERIFY2(notices.isEmpty(), qPrintable(notices.value(0).message));
    }

    void gridFilterMatchesHostileValues()
    {
        const TableInfo *items = m_snapshot.table(s("public"), s("items"));
        for (const QString &value : hostileValues()) {
            TableDataModel model(m_db.get());
            model.setTable(*items);
            model.setFilter(Filter::column(s("name"), Filter::Op::Eq, {value}));
            QVERIFY(QTest::qWaitFor([&] { return model.isCountExact(); }, 10000));
            QVERIFY2(model.rowCount() >= 1, qPrintable(value));
            model.data(model.index(0, 1));
            QVERIFY(QTest::qWaitFor([&] { return model.isRowLoaded(0); }, 10000));
            QCOMPARE(model.data(model.index(0, 1), Qt::EditRole).toString(), value);
        }
        // "contains" takes % and _ literally, also with the backslash the pattern escapes with.
        TableDataModel model(m_db.get());
        model.setTable(*items);
        model.setFilter(Filter::column(s("name"), Filter::Op::Contains, {s("% _sure_ \\%")}));
        QVERIFY(QTest::qWaitFor([&] { return model.isCountExact(); }, 10000));
        QVERIFY(model.rowCount() >= 1);
        QCOMPARE(victims(), 2);
    }

    void builderBindsAndItsLiteralFormReadsTheSame()
    {
        for (const QString &value : hostileValues()) {
            query::Query q;
            q.from = query::Source::fromTable(s("public"), s("items"));
            q.select = {{query::Expr::col(s("items"), s("name")), {}}};
            q.where = Filter::condition(query::Expr::col(s("items"), s("name")), Filter::Op::Eq,
                                        {query::Expr::val(value)});
            QSqlDatabase db = sync();
            const Result<query::QueryRows> bound = query::runQueryNow(db, q);
            QVERIFY2(bound.ok(), qPrintable(bound.error().message));
            QVERIFY(!bound->rows.isEmpty());
            QCOMPARE(bound->rows.first().first().toString(), value);
            // The --literal form, through the server and through psql: the same rows, and no
            // table dropped.
            const QString literal = query::toLiteralSql(q);
            const Result<PgRows> read = exec(db, Statement(literal));
            QVERIFY2(read.ok(), qPrintable(read.error().message + s("\n") + literal));
            QCOMPARE(read->rows.size(), bound->rows.size());
            QCOMPARE(runPsql(literal), 0);
            QCOMPARE(victims(), 2);
        }
    }

private:
    int runPsql(const QString &sql)
    {
        const QString psql = QStandardPaths::findExecutable(s("psql"));
        if (psql.isEmpty()) {
            qWarning("psql is not installed");
            return -1;
        }
        const ConnectionSpec spec = dbx::test::TestCluster::instance().directSpec(kDb);
        QProcess process;
        process.start(psql,
                      {s("-X"), s("-q"), s("-v"), s("ON_ERROR_STOP=1"), s("-h"), spec.host, s("-p"),
                       QString::number(spec.port), s("-U"), spec.user, s("-d"), kDb, s("-c"), sql});
        process.waitForFinished(20000);
        if (process.exitCode() != 0)
            qWarning("psql: %s", process.readAllStandardError().constData());
        return process.exitCode();
    }
};

QTEST_GUILESS_MAIN(TestSessionSettings)
#include "tst_sessionsettings.moc"
