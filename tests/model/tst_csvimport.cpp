// CSV import against a real server: the preview reader's quoting rules; the COPY statement; a
// hostile file of 20,000 rows (quotes, embedded newlines, empty string next to NULL, emoji and
// Cyrillic, backslashes, a byte order mark before the header) imported by importCsv and by
// psql's \copy into two tables that must hold the same text; a bad row named by its line with
// nothing left, also inside an open transaction; progress and cancel through TableImporter.
// As tst_csvimport_pgbouncer the import reaches the cluster through pgbouncer.

#include "model/db/executor.h"
#include "model/import/csvimport.h"
#include "model/import/csvreader.h"
#include "model/import/tableimporter.h"
#include "testcluster.h"

#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace dbx::model;

namespace {

const QString kDb = QStringLiteral("csvimport");
const QString kPsql = QStringLiteral("/usr/lib/postgresql/15/bin/psql");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// A field as CSV: unquoted when `bare`, else quoted with doubled quotes; nullopt is NULL.
QByteArray field(const std::optional<QString> &value, bool bare = false)
{
    if (!value)
        return {};
    const QByteArray utf8 = value->toUtf8();
    if (bare)
        return utf8;
    return '"' + QByteArray(utf8).replace("\"", "\"\"") + '"';
}

// The text column of hostile row `i`, and whether it may be written without quotes.
std::pair<std::optional<QString>, bool> hostileText(int i)
{
    switch (i % 16) {
    case 0:
        return {s("abc"), true};
    case 1:
        return {s("say \"hi\", then leave"), false};
    case 2:
        return {s("line one\nline two\n\nline four"), false};
    case 3:
        return {s("crlf\r\ninside"), false};
    case 4:
        return {s(""), false}; // the empty string, next to NULL in case 5
    case 5:
        return {std::nullopt, true};
    case 6:
        return {s("🐘 слон Ёжик 中文 👨‍👩‍👧"), true};
    case 7:
        return {s("C:\\temp\\new \\\\server"), true};
    case 8:
        return {s("\\N"), true}; // text in CSV mode, not NULL
    case 9:
        return {s("  lead and trail  "), true};
    case 10:
        return {s("\""), false};
    case 11:
        return {s("a,b,,c"), false};
    case 12:
        return {s("NULL"), false};
    case 13:
        return {QString(s("long, \"text\"\n")).repeated(150), false};
    case 14:
        return {s("tab\there"), true};
    default:
        return {s("'; DROP TABLE x; --"), false};
    }
}

// The hostile file: a BOM, a header, CRLF line ends (consistent, as COPY requires).
QByteArray hostileFile(int rows)
{
    QByteArray out("\xEF\xBB\xBFid,t,n,note,u\r\n");
    for (int i = 1; i <= rows; ++i) {
        const auto [text, bare] = hostileText(i);
        out += QByteArray::number(i) + ',' + field(text, bare) + ',';
        out += i % 7 == 0 ? QByteArray() : QByteArray::number(i * 3 - 10000);
        out += ',';
        if (i % 5 == 0)
            out += "\"\"";
        else if (i % 5 != 1)
            out += field(s("заметка %1 «ok»").arg(i), i % 2 == 0);
        out += ',' + field(i % 3 ? s("ё") : s("e\u0301 🇺🇦"), i % 4 == 0) + "\r\n";
    }
    return out;
}

} // namespace

class TestCsvImport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qWarning("cannot write %s", qPrintable(path));
        return path;
    }

    // psql as a user runs it, straight to the cluster: the reference.
    QString psql(const QStringList &commands, int *exitCode = nullptr)
    {
        auto &cluster = dbx::test::TestCluster::instance();
        QStringList args{s("-X"), s("-q"),
                         s("-v"), s("ON_ERROR_STOP=1"),
                         s("-h"), cluster.socketDir(),
                         s("-p"), QString::number(cluster.port()),
                         s("-U"), s("postgres"),
                         s("-d"), kDb};
        for (const QString &c : commands)
            args << s("-c") << c;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(s("PGCLIENTENCODING"), s("UTF8"));
        p.setProcessEnvironment(env);
        p.start(kPsql, args);
        p.waitForFinished(120000);
        if (exitCode)
            *exitCode = p.exitCode();
        if (p.exitCode() != 0)
            qWarning("psql: %s", p.readAllStandardError().constData());
        return QString::fromUtf8(p.readAllStandardOutput());
    }

    // Every row as COPY's text format writes it: unambiguous for NULL, "" and line breaks.
    QString dump(const QString &table)
    {
        return psql({s("COPY (SELECT * FROM %1 ORDER BY id) TO STDOUT").arg(table)});
    }

    qint64 count(const QString &table)
    {
        return psql({s("SELECT count(*) FROM %1").arg(table)})
            .split(u'\n')
            .value(2)
            .trimmed()
            .toLongLong();
    }

    ImportRequest request(const QString &path, const QString &table, bool header = true)
    {
        ImportRequest r;
        r.path = path;
        r.schema = s("public");
        r.table = table;
        r.options.header = header;
        return r;
    }

    // One import through the worker to its end; cancelled at its first progress when asked.
    Result<ImportSummary> runImport(const ImportRequest &r, QList<qint64> *progress, bool cancel)
    {
        TableImporter importer(m_db.get());
        std::optional<Result<ImportSummary>> result;
        connect(&importer, &TableImporter::finished, this,
                [&](const Result<ImportSummary> &done) { result = done; });
        connect(&importer, &TableImporter::progress, this, [&](qint64 n) {
            *progress << n;
            if (cancel)
                importer.cancel();
        });
        importer.start(r);
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 120000))
            return DbError::plain(s("timed out"));
        return *result;
    }

    QByteArray badFile(int badRecord)
    {
        QByteArray out("id,t,n,note,u\n");
        for (int i = 1; i <= 100; ++i)
            out += QByteArray::number(i) + ",\"x\ny\"," +
                   (i == badRecord ? QByteArray("not a number") : QByteArray::number(i)) + ",,\n";
        return out;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QVERIFY(m_dir.isValid());
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        const QString columns = s("(id int PRIMARY KEY, t text, n int, note text, u text)");
        for (const char *t : {"by_dbx", "by_psql", "bad", "nested", "cancelled", "mapped"})
            QVERIFY(cluster.exec(kDb, s("CREATE TABLE %1 %2").arg(s(t), columns)));
        m_db = std::make_unique<Database>();
        QSignalSpy connected(m_db.get(), &Database::connected);
        m_db->connectTo(cluster.spec(kDb));
        QVERIFY(connected.wait(10000));
    }

    void cleanupTestCase() { m_db.reset(); }

    void previewFollowsCopysQuoting()
    {
        CsvOptions o;
        o.header = true;
        const CsvPreview p = parseCsvPreview(
            s("\xEF\xBB\xBF"
              "a,b,c\r\n1,\"x\r\ny\",\r\n2,\"\",\"say \"\"hi\"\"\"\n3,ab\"c,d\"e,N\n"),
            o, 10, true);
        QCOMPARE(p.header, (QStringList{s("a"), s("b"), s("c")}));
        QCOMPARE(p.records.size(), 3);
        QCOMPARE(p.records.at(0).line, 2);
        QCOMPARE(p.records.at(0).fields.at(1), std::optional<QString>(s("x\r\ny")));
        QCOMPARE(p.records.at(0).fields.at(2), std::optional<QString>());
        QCOMPARE(p.records.at(1).line, 4);
        QCOMPARE(p.records.at(1).fields.at(1), std::optional<QString>(s("")));
        QCOMPARE(p.records.at(1).fields.at(2), std::optional<QString>(s("say \"hi\"")));
        QCOMPARE(p.records.at(2).fields.at(1), std::optional<QString>(s("abc,de")));
        QVERIFY(p.wholeFile);
        QCOMPARE(p.columnCount, 3);

        CsvOptions semi;
        semi.delimiter = u';';
        semi.quote = u'\'';
        semi.nullText = s("N");
        const CsvPreview q = parseCsvPreview(s("1;'a;b';N;'N'\n2"), semi, 1, false);
        QCOMPARE(q.records.size(), 1);
        QCOMPARE(q.records.at(0).fields,
                 (QList<std::optional<QString>>{s("1"), s("a;b"), std::nullopt, s("N")}));
        QVERIFY(!q.wholeFile);
    }

    void previewReadsPastALongFirstRecord()
    {
        const QByteArray longField = QByteArray(700000, 'x').replace(350000, 1, "\"\"\n");
        const QString path =
            write(s("long.csv"), "a,b\n1,\"" + longField + "\"\n2,short\n3,more\n");
        CsvOptions o;
        o.header = true;
        const Result<CsvPreview> p = readCsvPreview(path, o, 2);
        QVERIFY(p.ok());
        QCOMPARE(p->records.size(), 2);
        QCOMPARE(p->records.at(0).fields.at(1)->size(), 700001); // "" is one quote, plus \n
        QCOMPARE(p->records.at(1).line, 4);
        QCOMPARE(p->records.at(1).fields.at(1), std::optional<QString>(s("short")));
        QVERIFY(!p->wholeFile);
    }

    void copyStatementQuotesEverything()
    {
        ImportRequest r = request(s("/x"), s("we\"ird"));
        r.schema = s("my schema");
        r.columns = QStringList{s("id"), s("Na me")};
        r.options.delimiter = u'\'';
        r.options.quote = u'\\';
        r.options.nullText = s("it's");
        r.options.encoding = s("WIN1251");
        const Result<Statement> st = copyFromStatement(r);
        QVERIFY(st.ok());
        QCOMPARE(st->sql,
                 s("COPY \"my schema\".\"we\"\"ird\" (\"id\", \"Na me\") FROM STDIN (FORMAT csv, "
                   "HEADER true, DELIMITER '''', QUOTE E'\\\\', NULL 'it''s', ENCODING "
                   "'WIN1251')"));
        QVERIFY(st->params.isEmpty());
        r.options.delimiter = u'é';
        QVERIFY(!copyFromStatement(r).ok());
        r.options.delimiter = u'\'';
        r.options.quote = u'\'';
        QVERIFY(!copyFromStatement(r).ok());
    }

    void mappingByNameRefusesUnmapped()
    {
        QList<ColumnInfo> table;
        for (const char *n : {"id", "Name", "n"}) {
            ColumnInfo c;
            c.name = s(n);
            table << c;
        }
        QCOMPARE(defaultMapping({s("name"), s("id"), s("extra")}, 3, table),
                 (QStringList{s("Name"), s("id"), QString()}));
        QCOMPARE(defaultMapping({}, 2, table), (QStringList{s("id"), s("Name")}));
        QVERIFY(!mappedColumns({s("id"), QString()}).ok());
        QVERIFY(!mappedColumns({s("id"), s("id")}).ok());
        QCOMPARE(mappedColumns({s("n"), s("id")}).value(), (QStringList{s("n"), s("id")}));
    }

    void hostileFileEqualsPsqlCopy()
    {
        const QString path = write(s("hostile.csv"), hostileFile(20000));
        QSqlDatabase db = dbx::test::TestCluster::instance().open(kDb);
        const Result<ImportSummary> done = importCsv(db, request(path, s("by_dbx")));
        QVERIFY2(done.ok(), qPrintable(done.error().message + done.error().detail));
        QCOMPARE(done->rows, 20000);
        QCOMPARE(done->bytes, QFileInfo(path).size());
        QCOMPARE(transactionState(db), TransactionState::Idle);
        int psqlCode = -1;
        psql({s("\\copy by_psql FROM '%1' WITH (FORMAT csv, HEADER true)").arg(path)}, &psqlCode);
        QCOMPARE(psqlCode, 0);
        QCOMPARE(count(s("by_psql")), 20000);
        const QString mine = dump(s("by_dbx"));
        QVERIFY(mine.size() > 1000000);
        QVERIFY(mine == dump(s("by_psql")));
        // The hostile parts arrived as they were meant, not merely alike.
        const QString checks =
            psql({s("SELECT count(*) FILTER (WHERE t = '') || '/' || count(*) FILTER (WHERE t IS "
                    "NULL) || '/' || count(*) FILTER (WHERE t = E'\\\\N') || '/' || count(*) "
                    "FILTER (WHERE t LIKE '%слон%🐘%' OR t LIKE '🐘 слон%') || '/' || count(*) "
                    "FILTER (WHERE note = '') FROM by_dbx")});
        QVERIFY2(checks.contains(s("1250/1250/1250/1250/4000")), qPrintable(checks));
    }

    void badRowIsNamedAndNothingStays()
    {
        const QString path = write(s("bad.csv"), badFile(17));
        QSqlDatabase db = dbx::test::TestCluster::instance().open(kDb);
        const Result<ImportSummary> done = importCsv(db, request(path, s("bad")));
        QVERIFY(!done.ok());
        // The server counts the file's lines, those inside quotes too: record 17 (two lines
        // each, after the header) ends on line 35.
        QVERIFY2(done.error().message.startsWith(s("line 35: ")), qPrintable(done.error().message));
        QVERIFY2(done.error().message.contains(s("integer")), qPrintable(done.error().message));
        QCOMPARE(done.error().sqlState, s("22P02"));
        QCOMPARE(count(s("bad")), 0);
        QCOMPARE(transactionState(db), TransactionState::Idle);

        const QString open = write(s("open.csv"), "1,\"never closed\n2,x\n");
        const Result<ImportSummary> unterminated = importCsv(db, request(open, s("bad"), false));
        QVERIFY(!unterminated.ok());
        QVERIFY2(unterminated.error().message.contains(s("line ")),
                 qPrintable(unterminated.error().message));
        QCOMPARE(count(s("bad")), 0);
        QVERIFY(!importCsv(db, request(m_dir.filePath(s("missing.csv")), s("bad"))).ok());
        QVERIFY(!importCsv(db, request(path, s("no_such_table"))).ok());
    }

    void insideATransactionASavepointKeepsIt()
    {
        QSqlDatabase db = dbx::test::TestCluster::instance().open(kDb);
        QVERIFY(exec(db, Statement(s("BEGIN"))).ok());
        QVERIFY(exec(db, Statement(s("INSERT INTO nested (id) VALUES (1000)"))).ok());
        const QString bad = write(s("nested-bad.csv"), badFile(50));
        QVERIFY(!importCsv(db, request(bad, s("nested"))).ok());
        QCOMPARE(transactionState(db), TransactionState::InTransaction);
        const QString good = write(s("nested-good.csv"), badFile(0));
        const Result<ImportSummary> done = importCsv(db, request(good, s("nested")));
        QVERIFY2(done.ok(), qPrintable(done.error().message));
        QCOMPARE(done->rows, 100);
        QVERIFY(exec(db, Statement(s("COMMIT"))).ok());
        QCOMPARE(count(s("nested")), 101);
    }

    void columnListMapsFileColumns()
    {
        const QString path = write(s("mapped.csv"), "n;t;id\n5;'a;b';1\n;'';2\n");
        ImportRequest r = request(path, s("mapped"));
        r.columns = QStringList{s("n"), s("t"), s("id")};
        r.options.delimiter = u';';
        r.options.quote = u'\'';
        QSqlDatabase db = dbx::test::TestCluster::instance().open(kDb);
        const Result<ImportSummary> done = importCsv(db, r);
        QVERIFY2(done.ok(), qPrintable(done.error().message));
        QCOMPARE(dump(s("mapped")), s("1\ta;b\t5\t\\N\t\\N\n2\t\t\\N\t\\N\t\\N\n"));
    }

    void encodingIsTheServersToConvert()
    {
        const QString path = write(s("latin1.csv"), "id,t\n1,caf\xe9 \xe0 la cr\xe8me\n");
        ImportRequest r = request(path, s("mapped"));
        r.columns = QStringList{s("id"), s("t")};
        r.options.encoding = s("LATIN1");
        const Result<CsvPreview> preview = readCsvPreview(path, r.options);
        QVERIFY(preview.ok());
        QCOMPARE(preview->records.value(0).fields.value(1),
                 std::optional<QString>(s("café à la crème")));
        QSqlDatabase db = dbx::test::TestCluster::instance().open(kDb);
        QVERIFY(exec(db, Statement(s("DELETE FROM mapped"))).ok());
        const Result<ImportSummary> done = importCsv(db, r);
        QVERIFY2(done.ok(), qPrintable(done.error().message));
        QCOMPARE(dump(s("mapped")), s("1\tcafé à la crème\t\\N\t\\N\t\\N\n"));
    }

    void progressAndCancelThroughTheWorker()
    {
        QByteArray rows("id,t,n,note,u\n");
        for (int i = 1; i <= 400000; ++i)
            rows += QByteArray::number(i) + ",some text here,1,,\n";
        const QString path = write(s("big.csv"), rows);
        QList<qint64> progress;
        const auto first = runImport(request(path, s("cancelled")), &progress, true);
        QVERIFY(!first.ok());
        QVERIFY2(first.error().isCancelled(), qPrintable(first.error().message));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(count(s("cancelled")), 0);

        progress.clear();
        const auto whole = runImport(request(path, s("cancelled")), &progress, false);
        QVERIFY2(whole.ok(), qPrintable(whole.error().message));
        QCOMPARE(whole->rows, 400000);
        QVERIFY(progress.size() > 5);
        QCOMPARE(progress.last(), QFileInfo(path).size());
        QCOMPARE(count(s("cancelled")), 400000);
    }
};

QTEST_GUILESS_MAIN(TestCsvImport)
#include "tst_csvimport.moc"
