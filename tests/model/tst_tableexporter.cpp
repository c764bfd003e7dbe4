// TableExporter against a real server: hostile text, NULL next to the empty string, exact
// numerics and every common type written to CSV (through COPY and through the cursor) and JSON,
// parsed back and compared with what the server holds; the grid's filter and sort; selections by
// simple and composite keys; progress; cancel and errors that leave no file behind.

#include "model/export/tableexporter.h"
#include "testcluster.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace dbx::model;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
const QString kDb = QStringLiteral("export");
constexpr int kBigRows = 1000000;

// Plain literals: moc cannot read raw strings holding quotes and backslashes.
const char *const kSetup =
    "CREATE TABLE hostile (id int PRIMARY KEY, t text, n numeric, ts timestamptz, b bool, j json,\n"
    "  jb jsonb, arr text[], by bytea, f float8);\n"
    "INSERT INTO hostile VALUES\n"
    "  (1, 'plain', 12345678901234567890.123, '2024-02-29 13:14:15.123456+00', true,\n"
    "   '{\"k\": [1, 2], \"s\": \"x\\\"y\"}', '{\"a\": null, \"b\": 1.5}', "
    "'{1,\"a,b\",\"q\\\"q\",NULL}', '\\x0001ff',\n"
    "   1.5),\n"
    "  (2, '', 0, '1999-12-31 23:59:59+00', false, '[]', '[]', '{}', '\\x', 'NaN'),\n"
    "  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),\n"
    "  (4, 'say \"hi\", then\n"
    "leave', -0.000001, 'infinity', true, '\"str\"', '\"str\"', '{}', '\\x22', '-Infinity'),\n"
    "  (5, E'back\\\\slash\\ttab\\r\\nwindows', 1e-20, '2024-01-01', false, 'null', 'null', '{}', "
    "'\\x', 1e300),\n"
    "  (6, '''; DROP TABLE hostile; --', 42, NULL, true, '1', '2', NULL, NULL, -0),\n"
    "  (7, E'emoji 🐘 \\u00e9 \\u4e2d \\u0001 ctrl', 7, NULL, NULL, '{\"\\u00e9\": \"🐘\"}', '{}', "
    "NULL, NULL, NULL),\n"
    "  (8, repeat('long,\"text\"' || chr(10), 9000), 8, NULL, NULL, NULL, NULL, NULL, NULL, "
    "NULL),\n"
    "  (9, ',', 9, NULL, NULL, NULL, NULL, NULL, NULL, NULL),\n"
    "  (10, '\"', 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL),\n"
    "  (11, ' lead and trail ', 11, NULL, NULL, NULL, NULL, NULL, NULL, NULL);\n"
    "CREATE TABLE pairs (a int, b text, v text, PRIMARY KEY (a, b));\n"
    "INSERT INTO pairs SELECT g % 5, 'b' || (g / 5), 'v' || g FROM generate_series(1, 53) g;\n"
    "CREATE TABLE words (w text PRIMARY KEY, n int);\n"
    "INSERT INTO words VALUES ('''; DROP TABLE words; --', 1), ('a,b', 2), ('x', 3), ('\"q\"', "
    "4);\n"
    "CREATE TABLE big (id bigint PRIMARY KEY, label text NOT NULL);\n"
    "INSERT INTO big SELECT g, 'label ' || md5(g::text) FROM generate_series(1, 1000000) g;\n";

using Field = std::optional<QString>;
using Row = QList<Field>;

QChar next(const QString &text, qsizetype i)
{
    return i + 1 < text.size() ? text.at(i + 1) : QChar();
}

// RFC 4180 reader: an unquoted empty field is NULL, a quoted one an empty string.
QList<Row> parseCsv(const QByteArray &bytes, bool *wellFormed)
{
    const QString text = QString::fromUtf8(bytes);
    QList<Row> rows;
    Row row;
    QString field;
    bool quoted = false;
    bool inQuotes = false;
    *wellFormed = true;
    const auto endField = [&] {
        row << ((quoted || !field.isEmpty()) ? Field(field) : std::nullopt);
        field.clear();
        quoted = false;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c != QLatin1Char('"')) {
                field += c;
            } else if (next(text, i) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else {
                inQuotes = false;
            }
        } else if (c == QLatin1Char('"')) {
            *wellFormed = *wellFormed && field.isEmpty() && !quoted;
            inQuotes = quoted = true;
        } else if (c == QLatin1Char(',')) {
            endField();
        } else if (c == QLatin1Char('\r') && next(text, i) == QLatin1Char('\n')) {
            continue;
        } else if (c == QLatin1Char('\n')) {
            endField();
            rows << row;
            row.clear();
        } else {
            *wellFormed = *wellFormed && !quoted;
            field += c;
        }
    }
    *wellFormed = *wellFormed && !inQuotes && row.isEmpty() && field.isEmpty();
    return rows;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

TableQuery hostileQuery()
{
    TableQuery q;
    q.setRelation(
        s("public"), s("hostile"),
        {s("id"), s("t"), s("n"), s("ts"), s("b"), s("j"), s("jb"), s("arr"), s("by"), s("f")},
        {s("id")});
    return q;
}
} // namespace

class TestTableExporter : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Database> m_db;
    QTemporaryDir m_dir;

    QString path(const char *name) const { return m_dir.filePath(s(name)); }

    // Runs one export to its end; `progress` collects the progress signals.
    Result<ExportSummary> exportTo(const TableQuery &query, ExportFormat format,
                                   const QString &file, const ExportOptions &options = {},
                                   QList<qint64> *progress = nullptr)
    {
        TableExporter exporter(m_db.get());
        std::optional<Result<ExportSummary>> result;
        connect(&exporter, &TableExporter::finished, this,
                [&](const Result<ExportSummary> &r) { result = r; });
        if (progress)
            connect(&exporter, &TableExporter::progress, this, [=](qint64 n) { *progress << n; });
        exporter.start(query, format, file, options);
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 120000)) {
            DbError timeout;
            timeout.kind = DbError::Kind::Statement;
            timeout.message = s("timed out");
            return timeout;
        }
        return *result;
    }

    // What the server holds: every column as its text output, NULL as nullopt.
    QList<Row> serverRows(const QString &sql)
    {
        QList<Row> rows;
        QSqlQuery q(dbx::test::TestCluster::instance().open(kDb));
        if (!q.exec(sql))
            qWarning("%s", qPrintable(sql));
        while (q.next()) {
            Row row;
            for (int c = 0; c < q.record().count(); ++c)
                row << (q.isNull(c) ? std::nullopt : Field(q.value(c).toString()));
            rows << row;
        }
        return rows;
    }

    static QString textColumns()
    {
        return s("SELECT id::text, t, n::text, ts::text, CASE WHEN b THEN 't' WHEN NOT b THEN 'f' "
                 "END, j::text, "
                 "jb::text, arr::text, by::text, f::text FROM hostile");
    }

    // The transaction state as of a statement run after everything queued before it.
    TransactionState stateNow()
    {
        bool done = false;
        QMetaObject::Connection c =
            connect(m_db.get(), &Database::finished, this, [&] { done = true; });
        m_db->execute(s("SELECT 1"));
        const bool answered = QTest::qWaitFor([&] { return done; }, 10000);
        disconnect(c);
        if (!answered)
            return TransactionState::Unknown;
        return m_db->transactionState();
    }

    bool dirIsEmpty(const QString &sub) const
    {
        return QDir(m_dir.filePath(sub))
            .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
            .isEmpty();
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QVERIFY(m_dir.isValid());
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        QVERIFY(cluster.exec(kDb, QString::fromUtf8(kSetup)));
        m_db = std::make_unique<Database>();
        QSignalSpy connected(m_db.get(), &Database::connected);
        m_db->connectTo(cluster.spec(kDb));
        QVERIFY(connected.wait(10000));
    }

    void cleanupTestCase() { m_db.reset(); }

    void csvRoundTripsHostileValues_data()
    {
        QTest::addColumn<bool>("allowCopy");
        QTest::newRow("COPY") << true;
        QTest::newRow("cursor") << false;
    }

    void csvRoundTripsHostileValues()
    {
        QFETCH(bool, allowCopy);
        ExportOptions options;
        options.allowCopy = allowCopy;
        const QString file = path(allowCopy ? "hostile-copy.csv" : "hostile-cursor.csv");
        const auto result = exportTo(hostileQuery(), ExportFormat::Csv, file, options);
        QVERIFY2(result.ok(), qPrintable(result.error().message + result.error().detail));
        QCOMPARE(result->rows, 11);
        QCOMPARE(result->path, file);
        const QByteArray bytes = readAll(file);
        QCOMPARE(result->bytes, bytes.size());
        bool wellFormed = false;
        QList<Row> rows = parseCsv(bytes, &wellFormed);
        QVERIFY(wellFormed);
        QCOMPARE(rows.size(), 12);
        const Row header = rows.takeFirst();
        QCOMPARE(header.size(), 10);
        QCOMPARE(*header.at(0), s("id"));
        QCOMPARE(*header.at(9), s("f"));
        const QList<Row> expected = serverRows(textColumns() + s(" ORDER BY hostile.id"));
        QCOMPARE(rows.size(), expected.size());
        for (qsizetype i = 0; i < rows.size(); ++i) {
            for (qsizetype c = 0; c < expected.at(i).size(); ++c) {
                QVERIFY2(rows.at(i).value(c) == expected.at(i).at(c),
                         qPrintable(s("row %1 column %2").arg(i).arg(c)));
            }
        }
        // The cases that matter most, spelt out.
        QCOMPARE(*rows.at(0).at(2), s("12345678901234567890.123"));
        QCOMPARE(*rows.at(1).at(1), QString()); // empty string stays a value...
        QVERIFY(!rows.at(2).at(1).has_value()); // ...distinct from NULL
        QCOMPARE(*rows.at(5).at(1), s("'; DROP TABLE hostile; --"));
        QCOMPARE(rows.at(7).at(1)->size(), 9000 * 12);
        QVERIFY(bytes.contains(",\"\"") && bytes.contains("\r\n"));
    }

    void csvWithoutHeader()
    {
        ExportOptions options;
        options.header = false;
        options.allowCopy = false;
        const QString file = path("noheader.csv");
        QVERIFY(exportTo(hostileQuery(), ExportFormat::Csv, file, options).ok());
        bool wellFormed = false;
        const QList<Row> rows = parseCsv(readAll(file), &wellFormed);
        QCOMPARE(rows.size(), 11);
        QCOMPARE(*rows.first().first(), s("1"));
        options.allowCopy = true;
        QVERIFY(exportTo(hostileQuery(), ExportFormat::Csv, file, options).ok());
        QCOMPARE(parseCsv(readAll(file), &wellFormed), rows);
    }

    void jsonRoundTripsTypedValues()
    {
        const QString file = path("hostile.json");
        const auto result = exportTo(hostileQuery(), ExportFormat::Json, file);
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QCOMPARE(result->rows, 11);
        const QByteArray bytes = readAll(file);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(doc.isArray());
        const QJsonArray rows = doc.array();
        QCOMPARE(rows.size(), 11);
        const QList<Row> expected = serverRows(textColumns() + s(" ORDER BY hostile.id"));
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QJsonObject o = rows.at(i).toObject();
            QCOMPARE(o.keys().size(), 10);
            const Row &e = expected.at(i);
            QCOMPARE(o.value(s("id")), QJsonValue(e.at(0)->toInt()));
            // Text, timestamps, arrays and bytea: strings equal to the server's text output.
            const std::pair<const char *, int> strings[] = {
                {"t", 1}, {"ts", 3}, {"arr", 7}, {"by", 8}};
            for (const auto &[key, at] : strings) {
                const QJsonValue v = o.value(s(key));
                if (!e.at(at))
                    QVERIFY2(v.isNull(), key);
                else
                    QVERIFY2(v.isString() && v.toString() == *e.at(at), key);
            }
            if (e.at(4))
                QCOMPARE(o.value(s("b")), QJsonValue(*e.at(4) == s("t")));
            else
                QVERIFY(o.value(s("b")).isNull());
            // json and jsonb are embedded as JSON, not as strings holding JSON.
            const std::pair<const char *, int> embedded[] = {{"j", 5}, {"jb", 6}};
            for (const auto &[key, at] : embedded) {
                const QJsonValue v = o.value(s(key));
                if (!e.at(at)) {
                    QVERIFY(v.isNull());
                    continue;
                }
                const QByteArray wrapped = "[" + e.at(at)->toUtf8() + "]";
                QCOMPARE(v, QJsonDocument::fromJson(wrapped).array().at(0));
            }
        }
        QCOMPARE(rows.at(0)[s("n")].toDouble(), 12345678901234567890.123);
        // Exact digits in the file, beyond what a double holds.
        QVERIFY(bytes.contains("\"n\":12345678901234567890.123,"));
        QCOMPARE(rows.at(0)[s("j")][s("s")].toString(), s("x\"y"));
        QCOMPARE(rows.at(1)[s("t")], QJsonValue(QString()));
        QVERIFY(rows.at(2)[s("t")].isNull());
        QCOMPARE(rows.at(1)[s("f")], QJsonValue(s("NaN")));
        QCOMPARE(rows.at(3)[s("f")], QJsonValue(s("-Infinity")));
        QCOMPARE(rows.at(4)[s("f")].toDouble(), 1e300);
        QCOMPARE(rows.at(4)[s("t")].toString(), s("back\\slash\ttab\r\nwindows"));
        QCOMPARE(rows.at(6)[s("t")].toString(), s("emoji 🐘 é 中 \u0001 ctrl"));
        QCOMPARE(rows.at(6)[s("j")][s("é")].toString(), s("🐘"));
        QCOMPARE(rows.at(7)[s("t")].toString().size(), 9000 * 12);
    }

    void emptyResults()
    {
        TableQuery q = hostileQuery();
        q.setFilter(query::Filter::column(s("id"), query::Filter::Op::Gt, {1000}));
        const QString json = path("empty.json");
        const auto r = exportTo(q, ExportFormat::Json, json);
        QVERIFY(r.ok());
        QCOMPARE(r->rows, 0);
        QCOMPARE(QJsonDocument::fromJson(readAll(json)).array().size(), 0);
        QVERIFY(QJsonDocument::fromJson(readAll(json)).isArray());
        const QString csv = path("empty.csv");
        QVERIFY(exportTo(q, ExportFormat::Csv, csv).ok());
        QCOMPARE(readAll(csv), QByteArray("id,t,n,ts,b,j,jb,arr,by,f\r\n"));
    }

    void respectsFilterAndSort_data()
    {
        QTest::addColumn<bool>("json");
        QTest::newRow("csv") << false;
        QTest::newRow("json") << true;
    }

    void respectsFilterAndSort()
    {
        QFETCH(bool, json);
        TableQuery q = hostileQuery();
        using query::Filter;
        q.setFilter(Filter::group(Filter::Logic::Or,
                                  {Filter::column(s("t"), Filter::Op::Contains, {s(",")}),
                                   Filter::column(s("t"), Filter::Op::IsNull)}));
        SortSpec sort;
        sort.column = s("n");
        sort.order = Qt::DescendingOrder;
        q.setSort(sort);
        const QString file = path(json ? "filtered.json" : "filtered.csv");
        const auto result = exportTo(q, json ? ExportFormat::Json : ExportFormat::Csv, file);
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QList<int> ids;
        if (json) {
            for (const QJsonValue &v : QJsonDocument::fromJson(readAll(file)).array())
                ids << v[s("id")].toInt();
        } else {
            bool wellFormed = false;
            const QList<Row> rows = parseCsv(readAll(file), &wellFormed);
            for (qsizetype i = 1; i < rows.size(); ++i)
                ids << rows.at(i).first()->toInt();
        }
        QList<int> expected;
        for (const Row &r : serverRows(s("SELECT id FROM hostile WHERE t LIKE '%,%' OR t IS NULL "
                                         "ORDER BY n DESC NULLS FIRST, id DESC")))
            expected << r.first()->toInt();
        QCOMPARE(ids, expected);
        QCOMPARE(ids, (QList<int>{3, 9, 8, 4}));
        QCOMPARE(result->rows, 4);
    }

    void exportsSelectionBySingleKey()
    {
        TableQuery q;
        q.setRelation(s("public"), s("words"), {s("w"), s("n")}, {s("w")});
        ExportOptions options;
        options.selectedOnly = true;
        options.selectedKeys = {{s("'; DROP TABLE words; --")}, {s("a,b")}, {s("missing")}};
        const QString file = path("words.csv");
        const auto result = exportTo(q, ExportFormat::Csv, file, options);
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QCOMPARE(result->rows, 2);
        bool wellFormed = false;
        const QList<Row> rows = parseCsv(readAll(file), &wellFormed);
        QCOMPARE(rows.size(), 3);
        // Grid order (the key), not the order of the selection.
        QCOMPARE(*rows.at(1).at(0), s("'; DROP TABLE words; --"));
        QCOMPARE(*rows.at(2).at(0), s("a,b"));
        QCOMPARE(serverRows(s("SELECT count(*) FROM words")).first().first(), Field(s("4")));
        // An empty selection exports nothing rather than everything.
        options.selectedKeys.clear();
        const auto none = exportTo(q, ExportFormat::Json, path("none.json"), options);
        QVERIFY(none.ok());
        QCOMPARE(none->rows, 0);
    }

    void exportsSelectionByCompositeKeyWithinFilter()
    {
        TableQuery q;
        q.setRelation(s("public"), s("pairs"), {s("a"), s("b"), s("v")}, {s("a"), s("b")});
        q.setFilter(query::Filter::column(s("v"), query::Filter::Op::Ne, {s("v5")}));
        ExportOptions options;
        options.selectedOnly = true;
        // (1, b0) is v1, (0, b1) is v5 (filtered out), (1, b1) is v6, (1, b2) is v11.
        options.selectedKeys = {{s("1"), s("b2")},
                                {s("0"), s("b1")},
                                {s("1"), s("b0")},
                                {s("1"), s("b1")},
                                {s("4"), s("nope")}};
        const auto result = exportTo(q, ExportFormat::Json, path("pairs.json"), options);
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QStringList values;
        for (const QJsonValue &v : QJsonDocument::fromJson(readAll(path("pairs.json"))).array())
            values << v[s("v")].toString();
        QCOMPARE(values, (QStringList{s("v1"), s("v6"), s("v11")}));
        QCOMPARE(result->rows, 3);
    }

    void selectionStatementBindsEveryValue()
    {
        TableQuery q;
        q.setRelation(s("public"), s("pairs"), {s("a"), s("b"), s("v")}, {s("a"), s("b")});
        ExportOptions options;
        options.selectedOnly = true;
        options.selectedKeys = {{1, s("x'y")}, {2, s("z")}};
        const auto st = TableExporter::statement(q, options);
        QVERIFY(st.ok());
        QCOMPARE(st->params, (QVariantList{1, s("x'y"), 2, s("z")}));
        QVERIFY(!st->sql.contains(s("x'y")));
        options.selectedKeys = {{1}};
        QVERIFY(!TableExporter::statement(q, options).ok());
        TableQuery view;
        view.setRelation(s("public"), s("v"), {s("a")}, {}, true);
        options.selectedKeys = {{1}};
        const auto noKey = TableExporter::statement(view, options);
        QVERIFY(!noKey.ok());
        QVERIFY(!noKey.error().message.isEmpty());
        options.selectedOnly = false;
        QCOMPARE(TableExporter::statement(view, options)->sql, view.selectAll().sql);
    }

    void reportsProgressForBigTables()
    {
        TableQuery q;
        q.setRelation(s("public"), s("big"), {s("id"), s("label")}, {s("id")});
        for (bool copy : {true, false}) {
            ExportOptions options;
            options.allowCopy = copy;
            QList<qint64> progress;
            const QString file = path("big.csv");
            const auto result = exportTo(q, ExportFormat::Csv, file, options, &progress);
            QVERIFY2(result.ok(), qPrintable(result.error().message));
            QCOMPARE(result->rows, kBigRows);
            QVERIFY2(progress.size() >= 10, qPrintable(QString::number(progress.size())));
            QVERIFY(std::is_sorted(progress.begin(), progress.end()));
            QVERIFY(progress.last() <= kBigRows);
            QCOMPARE(QFileInfo(file).size(), result->bytes);
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readLine(), QByteArray("id,label\r\n"));
            QCOMPARE(f.readLine(), QByteArray("1,label c4ca4238a0b923820dcc509a6f75849b\r\n"));
        }
    }

    void cancelLeavesNothingBehind_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("allowCopy");
        QTest::newRow("csv COPY") << int(ExportFormat::Csv) << true;
        QTest::newRow("csv cursor") << int(ExportFormat::Csv) << false;
        QTest::newRow("json cursor") << int(ExportFormat::Json) << false;
    }

    void cancelLeavesNothingBehind()
    {
        QFETCH(int, format);
        QFETCH(bool, allowCopy);
        QVERIFY(QDir(m_dir.path()).mkpath(s("cancel")));
        const QString sub = m_dir.filePath(s("cancel"));
        const QString fresh = sub + s("/fresh.out");
        const QString existing = sub + s("/existing.out");
        QFile old(existing);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old contents");
        old.close();
        TableQuery q;
        q.setRelation(s("public"), s("big"), {s("id"), s("label")}, {s("id")});
        ExportOptions options;
        options.allowCopy = allowCopy;
        for (const QString &file : {fresh, existing}) {
            TableExporter exporter(m_db.get());
            std::optional<Result<ExportSummary>> result;
            connect(&exporter, &TableExporter::finished, this,
                    [&](const Result<ExportSummary> &r) { result = r; });
            qint64 seen = 0;
            connect(&exporter, &TableExporter::progress, this, [&](qint64 rows) {
                if (seen == 0)
                    exporter.cancel(); // mid-way: after the first batch
                seen = rows;
            });
            exporter.start(q, ExportFormat(format), file, options);
            QVERIFY(exporter.isRunning());
            QVERIFY(QTest::qWaitFor([&] { return result.has_value(); }, 60000));
            QVERIFY(!exporter.isRunning());
            QVERIFY(!result->ok());
            QVERIFY2(result->error().isCancelled(), qPrintable(result->error().message));
            QVERIFY(!result->error().message.isEmpty());
            QVERIFY2(seen > 0 && seen < kBigRows, qPrintable(QString::number(seen)));
        }
        QVERIFY(!QFile::exists(fresh));
        QCOMPARE(readAll(existing), QByteArray("old contents"));
        QCOMPARE(QDir(sub).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
                 QStringList{s("existing.out")});
        QVERIFY(QFile::remove(existing));
        // The connection is clean afterwards (no transaction or cursor left open).
        QCOMPARE(stateNow(), TransactionState::Idle);
        const auto again = exportTo(hostileQuery(), ExportFormat(format), fresh, options);
        QVERIFY2(again.ok(), qPrintable(again.error().message));
        QCOMPARE(again->rows, 11);
        QVERIFY(QFile::remove(fresh));
    }

    void errorsAreClearAndLeaveNoFile()
    {
        QVERIFY(QDir(m_dir.path()).mkpath(s("errors")));
        const QString sub = m_dir.filePath(s("errors"));
        // A directory that does not exist.
        const auto noDir = exportTo(hostileQuery(), ExportFormat::Csv, sub + s("/no/such/x.csv"));
        QVERIFY(!noDir.ok());
        QVERIFY2(noDir.error().message.contains(s("x.csv")), qPrintable(noDir.error().message));
        // A column that is not there: the server's words, no file.
        for (bool copy : {true, false}) {
            TableQuery q;
            q.setRelation(s("public"), s("hostile"), {s("id"), s("gone")}, {s("id")});
            ExportOptions options;
            options.allowCopy = copy;
            const auto bad = exportTo(q, ExportFormat::Csv, sub + s("/bad.csv"), options);
            QVERIFY(!bad.ok());
            QCOMPARE(bad.error().sqlState, s("42703"));
            QVERIFY2(bad.error().message.contains(s("gone")), qPrintable(bad.error().message));
        }
        QVERIFY(dirIsEmpty(s("errors")));
        QCOMPARE(stateNow(), TransactionState::Idle);
    }

    void joinsTheCallersTransaction()
    {
        // Inside an open transaction the export sees its uncommitted rows and leaves it open.
        std::optional<SqlResult> done;
        connect(m_db.get(), &Database::finished, this,
                [&](Ticket, const SqlResult &r) { done = r; });
        m_db->execute(s("BEGIN; INSERT INTO words VALUES ('uncommitted', 9)"));
        QVERIFY(QTest::qWaitFor([&] { return done.has_value(); }, 10000));
        QVERIFY(done->ok());
        TableQuery q;
        q.setRelation(s("public"), s("words"), {s("w"), s("n")}, {s("w")});
        ExportOptions options;
        options.allowCopy = false;
        const auto result = exportTo(q, ExportFormat::Json, path("tx.json"), options);
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QCOMPARE(result->rows, 5);
        QCOMPARE(stateNow(), TransactionState::InTransaction);
        done.reset();
        m_db->execute(s("ROLLBACK"));
        QVERIFY(QTest::qWaitFor([&] { return done.has_value(); }, 10000));
        disconnect(m_db.get(), &Database::finished, this, nullptr);
    }

    void tableTextAlignsCharactersNotBytes()
    {
        // Widths count characters (Cyrillic and an emoji are several bytes), numbers align
        // right, NULL is blank, and no line ends in blanks: psql's aligned format.
        QVERIFY(dbx::test::TestCluster::instance().exec(
            kDb, s("DROP TABLE IF EXISTS widths; CREATE TABLE widths (id int PRIMARY KEY, "
                   "name text); INSERT INTO widths VALUES (1, 'ёлка'), (2, '😀x'), (3, NULL), "
                   "(10, 'a')")));
        TableQuery q;
        q.setRelation(s("public"), s("widths"), {s("id"), s("name")}, {s("id")});
        const QString file = path("widths.txt");
        const auto result = exportTo(q, ExportFormat::Table, file);
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), s(" id | name\n"
                                                   "----+------\n"
                                                   "  1 | ёлка\n"
                                                   "  2 | 😀x\n"
                                                   "  3 |\n"
                                                   " 10 | a\n"
                                                   "(4 rows)\n"));
        f.close();

        // Past the first screen the widths stay; a wider value pushes only its own line out.
        QVERIFY(dbx::test::TestCluster::instance().exec(
            kDb, s("INSERT INTO widths SELECT g, 'n' FROM generate_series(11, 1199) g; "
                   "INSERT INTO widths VALUES (12345, 'ёлка-палка')")));
        QVERIFY(exportTo(q, ExportFormat::Table, file).ok());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split(u'\n');
        QCOMPARE(lines.at(1), s("------+------"));
        QCOMPARE(lines.at(1199 - 10 + 5), s(" 1199 | n"));
        QCOMPARE(lines.at(1199 - 10 + 6), s(" 12345 | ёлка-палка"));
        QCOMPARE(lines.at(lines.size() - 2), s("(1194 rows)"));
    }

    void aFailureKeepsTheCallersTransaction()
    {
        // A row that fails on the server mid-stream spoils neither the caller's transaction nor
        // its uncommitted rows: the export runs under a savepoint.
        std::optional<SqlResult> done;
        connect(m_db.get(), &Database::finished, this,
                [&](Ticket, const SqlResult &r) { done = r; });
        m_db->execute(s("BEGIN; INSERT INTO words VALUES ('uncommitted', 9); "
                        "CREATE TEMP VIEW failing AS SELECT w, 1 / (n - 3) AS q FROM words"));
        QVERIFY(QTest::qWaitFor([&] { return done.has_value(); }, 10000));
        QVERIFY2(done->ok(), qPrintable(done->error.message));
        TableQuery q;
        q.setRelation(s("pg_temp"), s("failing"), {s("w"), s("q")}, {s("w")});
        ExportOptions options;
        options.allowCopy = false;
        const auto result = exportTo(q, ExportFormat::Csv, path("failing.csv"), options);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(s("division by zero")),
                 qPrintable(result.error().message));
        QVERIFY(!QFile::exists(path("failing.csv")));
        QCOMPARE(stateNow(), TransactionState::InTransaction);
        done.reset();
        m_db->execute(s("SELECT count(*) FROM words WHERE w = 'uncommitted'"));
        QVERIFY(QTest::qWaitFor([&] { return done.has_value(); }, 10000));
        QVERIFY2(done->ok(), qPrintable(done->error.message));
        done.reset();
        m_db->execute(s("ROLLBACK"));
        QVERIFY(QTest::qWaitFor([&] { return done.has_value(); }, 10000));
        disconnect(m_db.get(), &Database::finished, this, nullptr);
    }
};

QTEST_GUILESS_MAIN(TestTableExporter)
#include "tst_tableexporter.moc"
