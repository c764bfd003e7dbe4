#include "printcapture.h"
#include "revisionfixture.h"
#include "testcluster.h"

#include "app/migratecommand.h"
#include "migrations/revisionfile.h"
#include "migrations/revisionwriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using dbx::migrations::RevisionWriter;
using dbx::test::PrintCapture;
using dbx::test::RevisionDir;
using dbx::test::TestCluster;

namespace {

const QString R1 = QStringLiteral("a1a1a1a1a1a1");
const QString R2 = QStringLiteral("b2b2b2b2b2b2");
const QString R3 = QStringLiteral("c3c3c3c3c3c3");

int migrate(const QStringList &args)
{
    PrintCapture::clear();
    return dbx::app::runMigrateCommand(QStringList{QStringLiteral("dbexplorer migrate")} + args);
}

// `migrate revision` in `dir`; returns the path it printed, empty when it failed.
QString newRevision(const QString &dir, const QString &message)
{
    if (migrate({QStringLiteral("revision"), QStringLiteral("-m"), message,
                 QStringLiteral("--migrations"), dir}) != 0)
        return {};
    return PrintCapture::out().trimmed();
}

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// What a user does next: SQL in both sections of the template.
void fillIn(const QString &path, const QString &upgrade, const QString &downgrade)
{
    QString text = readText(path);
    text.replace(QLatin1String("-- upgrade\n"), QStringLiteral("-- upgrade\n%1\n").arg(upgrade));
    text.replace(QLatin1String("-- downgrade: empty\n"),
                 QStringLiteral("-- downgrade\n%1\n").arg(downgrade));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
}

QString connectionTo(const QString &database)
{
    QString error;
    if (!TestCluster::instance().recreateDatabase(database, &error))
        qWarning("cannot recreate %s: %s", qPrintable(database), qPrintable(error));
    return TestCluster::instance().spec(database).toKeywordString();
}

int tables(const QString &database, const QString &names)
{
    QSqlDatabase db = TestCluster::instance().open(database);
    return dbx::test::count(db, QStringLiteral("SELECT count(*) FROM pg_class WHERE relkind = 'r' "
                                               "AND relname IN (%1)")
                                    .arg(names));
}

} // namespace

// `dbexplorer migrate revision -m MESSAGE`: the file it writes is one the runner loads and runs.
class TestMigrateRevision : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { DBX_REQUIRE_CLUSTER(); }

    void slugs_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("slug");
        QTest::newRow("words") << "Add users, and their e-mail!"
                               << "add_users_and_their_e_mail";
        QTest::newRow("cut at a word")
            << "create the table that keeps every invoice ever sent to customers"
            << "create_the_table_that_keeps_every";
        QTest::newRow("one long word")
            << QString(50, QLatin1Char('x')) << QString(40, QLatin1Char('x'));
        QTest::newRow("russian") << "Добавить таблицу счетов"
                                 << "dobavit_tablitsu_schetov";
        QTest::newRow("nothing latin") << "表格 ☃"
                                       << "";
    }

    void slugs()
    {
        QFETCH(QString, message);
        QFETCH(QString, slug);
        QCOMPARE(RevisionWriter::slug(message), slug);
        QVERIFY(RevisionWriter::slug(message).size() <= RevisionWriter::maxSlugLength);
    }

    void idsAreAlembicsRandomHex()
    {
        const QString a = RevisionWriter::newId();
        QVERIFY2(dbx::migrations::RevisionFile::isValidId(a), qPrintable(a));
        QVERIFY(a != RevisionWriter::newId());
        QCOMPARE(RevisionWriter::fileName(a, QStringLiteral("☃")), a + QStringLiteral(".sql"));
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no message") << QStringList{QStringLiteral("revision")};
        QTest::newRow("empty message")
            << QStringList{QStringLiteral("revision"), QStringLiteral("-m"), QString()};
        QTest::newRow("blank message")
            << QStringList{QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("  ")};
        QTest::newRow("extra argument")
            << QStringList{QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("x"),
                           QStringLiteral("host=/tmp")};
        QTest::newRow("message elsewhere")
            << QStringList{QStringLiteral("heads"), QStringLiteral("-m"), QStringLiteral("x")};
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        QTemporaryDir dir;
        QCOMPARE(migrate(args + QStringList{QStringLiteral("--migrations"), dir.path()}), 2);
        QVERIFY(!PrintCapture::err().isEmpty());
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    void missingFolderExitsOne()
    {
        QCOMPARE(migrate({QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("x"),
                          QStringLiteral("--migrations"), QStringLiteral("/nonexistent/dir")}),
                 1);
        QVERIFY2(PrintCapture::err().contains(QLatin1String("/nonexistent/dir does not exist")),
                 qPrintable(PrintCapture::err()));
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("plain"));
        QFile(file).open(QIODevice::WriteOnly);
        QCOMPARE(migrate({QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("x"),
                          QStringLiteral("--migrations"), file}),
                 1);
    }

    // The file name is taken (by a file of another revision): refused, the file left as it was.
    void anExistingFileIsNeverOverwritten()
    {
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("SELECT 1;"));
        const QString taken = dir.path() + QStringLiteral("/%1_x.sql").arg(R2);
        QVERIFY(QFile::rename(dir.path() + QStringLiteral("/%1.sql").arg(R1), taken));
        const QString before = readText(taken);
        const auto written = RevisionWriter::create(dir.path(), QStringLiteral("x"), R2);
        QVERIFY(!written);
        QVERIFY2(written.error().message.contains(QLatin1String("nothing was overwritten")),
                 qPrintable(written.error().message));
        QCOMPARE(readText(taken), before);
        QVERIFY(!RevisionWriter::create(dir.path(), QStringLiteral("x"), R1));
    }

    void brokenRevisionFilesExitTwoAndWriteNothing()
    {
        RevisionDir dir;
        dir.write(R1, {R2}, QStringLiteral("SELECT 1;"));
        QCOMPARE(migrate({QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("x"),
                          QStringLiteral("--migrations"), dir.path()}),
                 2);
        QVERIFY(PrintCapture::err().contains(QLatin1String("unknown parent")));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
    }

    void chainWrittenThenUpgradedAndDowngraded()
    {
        QTemporaryDir dir;
        const QString first = newRevision(dir.path(), QStringLiteral("create authors"));
        QVERIFY2(!first.isEmpty(), qPrintable(PrintCapture::err()));
        QVERIFY2(QRegularExpression(QStringLiteral("/[0-9a-f]{12}_create_authors\\.sql$"))
                     .match(first)
                     .hasMatch(),
                 qPrintable(first));
        const QString firstId = QFileInfo(first).fileName().left(12);
        QVERIFY(readText(first).contains(QLatin1String("-- parents: \n")));
        QVERIFY(readText(first).contains(QLatin1String("-- message: create authors\n")));
        const QString second = newRevision(dir.path(), QStringLiteral("Добавить книги"));
        QVERIFY2(second.endsWith(QLatin1String("_dobavit_knigi.sql")), qPrintable(second));
        QVERIFY(readText(second).contains(QStringLiteral("-- parents: %1\n").arg(firstId)));
        QVERIFY(readText(second).contains(QStringLiteral("-- message: Добавить книги\n")));

        fillIn(first, QStringLiteral("CREATE TABLE authors (id int PRIMARY KEY);"),
               QStringLiteral("DROP TABLE authors;"));
        fillIn(second, QStringLiteral("CREATE TABLE books (author int REFERENCES authors);"),
               QStringLiteral("DROP TABLE books;"));
        const QString conn = connectionTo(QStringLiteral("rev_chain"));
        QCOMPARE(migrate({QStringLiteral("upgrade"), QStringLiteral("head"),
                          QStringLiteral("--migrations"), dir.path(), conn}),
                 0);
        QCOMPARE(tables(QStringLiteral("rev_chain"), QStringLiteral("'authors', 'books'")), 2);
        QCOMPARE(migrate({QStringLiteral("downgrade"), QStringLiteral("base"),
                          QStringLiteral("--migrations"), dir.path(), conn}),
                 0);
        QCOMPARE(tables(QStringLiteral("rev_chain"), QStringLiteral("'authors', 'books'")), 0);
    }

    void twoHeadsGiveAMergeRevision()
    {
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE trunk (i int);"),
                  QStringLiteral("-- downgrade\nDROP TABLE trunk;\n"));
        dir.write(R2, {R1}, QStringLiteral("CREATE TABLE left_side (i int);"),
                  QStringLiteral("-- downgrade\nDROP TABLE left_side;\n"));
        dir.write(R3, {R1}, QStringLiteral("CREATE TABLE right_side (i int);"),
                  QStringLiteral("-- downgrade\nDROP TABLE right_side;\n"));
        const QString merge = newRevision(dir.path(), QStringLiteral("merge both sides"));
        QVERIFY2(!merge.isEmpty(), qPrintable(PrintCapture::err()));
        QVERIFY2(readText(merge).contains(QStringLiteral("-- parents: %1, %2\n").arg(R2, R3)),
                 qPrintable(readText(merge)));
        QVERIFY(PrintCapture::err().contains(QLatin1String("merge revision")));
        const QString mergeId = QFileInfo(merge).fileName().left(12);
        QCOMPARE(dir.graph().heads(), QStringList{mergeId});

        // The merge's empty upgrade runs as it was written; the graph has one head again.
        const QString conn = connectionTo(QStringLiteral("rev_merge"));
        QCOMPARE(migrate({QStringLiteral("upgrade"), QStringLiteral("head"),
                          QStringLiteral("--migrations"), dir.path(), conn}),
                 0);
        QCOMPARE(tables(QStringLiteral("rev_merge"),
                        QStringLiteral("'trunk', 'left_side', 'right_side'")),
                 3);
        QCOMPARE(
            migrate({QStringLiteral("current"), QStringLiteral("--migrations"), dir.path(), conn}),
            0);
        QVERIFY2(PrintCapture::out().contains(mergeId + QStringLiteral(" (head, current)")),
                 qPrintable(PrintCapture::out()));
    }
};

QTEST_GUILESS_MAIN(TestMigrateRevision)
#include "tst_migraterevision.moc"
