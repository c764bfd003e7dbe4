// `dbexplorer import` as a user runs it: a CSV file with a header, a schema-less table name,
// --columns, --delimiter/--quote/--null; "imported N rows into schema.table"; a bad row named
// by its line with exit 1 and nothing imported; usage errors with exit 2. As
// tst_importcommand_pgbouncer the program reaches the cluster through pgbouncer.

#include "childprocess.h"
#include "testcluster.h"

#include "model/db/executor.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kDb = QStringLiteral("cli_import");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace

class TestImportCommand : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    dbx::test::ChildRun run(const QStringList &args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(s("HOME"), m_dir.path());
        env.insert(s("LANG"), s("C.UTF-8"));
        return dbx::test::runChild(s(DBX_APP_PATH), QStringList{s("import")} + args, env);
    }

    QString connection() const
    {
        return dbx::test::TestCluster::instance().spec(kDb).toKeywordString();
    }

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(bytes);
        return path;
    }

    QString scalar(const QString &sql)
    {
        QSqlDatabase db = dbx::test::TestCluster::instance().openDirect(kDb);
        const auto value = dbx::model::execScalar(db, dbx::model::Statement(sql));
        return value ? value->toString() : s("<error>");
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QVERIFY(m_dir.isValid());
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        QVERIFY(cluster.exec(kDb, s("CREATE SCHEMA shop; CREATE TABLE shop.items (id int "
                                    "PRIMARY KEY, name text, price numeric NOT NULL);"
                                    "CREATE TABLE notes (id int PRIMARY KEY, body text)")));
    }

    void importsWithHeaderAndColumns()
    {
        const QString file =
            write(s("items.csv"), "price;name;id\n1.50;'Tee; \"red\"';1\n2;'';2\n3;-;3\n");
        auto r =
            run({file, s("shop.items"), connection(), s("--header"), s("--delimiter"), s(";"),
                 s("--quote"), s("'"), s("--null"), s("-"), s("--columns"), s("price,name,id")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("imported 3 rows into shop.items\n"));
        QCOMPARE(scalar(s("SELECT string_agg(id || '=' || coalesce(name, '<null>') || '/' || "
                          "price, ' ' ORDER BY id) FROM shop.items")),
                 s("1=Tee; \"red\"/1.50 2=/2 3=<null>/3"));

        const QString notes = write(s("notes.csv"), "1,\"two\nlines 🐘\"\n2,Привет\n");
        r = run({notes, s("notes"), connection()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("imported 2 rows into public.notes\n"));
        QCOMPARE(scalar(s("SELECT body FROM notes WHERE id = 1")), s("two\nlines 🐘"));
    }

    void badRowFailsWithItsLineAndLeavesNothing()
    {
        const QString file = write(s("bad.csv"), "id,name,price\n10,a,1\n11,b,\n12,c,3\n");
        const auto r = run({file, s("shop.items"), connection(), s("--header")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(s("line 3: ")), qPrintable(r.err));
        QVERIFY2(r.err.contains(s("price")), qPrintable(r.err));
        QCOMPARE(r.out, QString());
        QCOMPARE(scalar(s("SELECT count(*) FROM shop.items WHERE id >= 10")), s("0"));
        const auto missing = run({file, s("nowhere"), connection(), s("--header")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(s("nowhere")), qPrintable(missing.err));
    }

    void usageErrorsExitTwo()
    {
        QCOMPARE(run({s("only-a-file.csv")}).exitCode, 2);
        const auto r = run({s("x.csv"), s("notes"), connection(), s("--delimiter"), s(";;")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(s("--delimiter")), qPrintable(r.err));
        QCOMPARE(run({s("x.csv"), s("notes"), connection(), s("--quote"), s(",")}).exitCode, 2);
        const auto help = run({s("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(s("--columns")));
    }
};

QTEST_GUILESS_MAIN(TestImportCommand)
#include "tst_importcommand.moc"
