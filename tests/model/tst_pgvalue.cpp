// The one converter between PostgreSQL's text format and QVariant, against a real server: every
// built-in type arrives as the documented Qt type with nothing lost (numeric digits,
// microseconds, NaN, bytes, array elements, NULL), and the same value bound back as a
// server-side parameter equals the original on the server.

#include "model/db/executor.h"
#include "model/db/pgvalue.h"
#include "model/db/temporal.h"
#include "testcluster.h"

#include <QtTest>

#include <cmath>

using namespace dbx::model;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
} // namespace

class TestPgValue : public QObject {
    Q_OBJECT

private:
    QSqlDatabase m_db;

    QVariant read(const QString &literal)
    {
        const Result<QVariant> v = execScalar(m_db, Statement(s("SELECT ") + literal));
        if (!v)
            qWarning() << v.error().message << literal;
        return v ? v.value() : QVariant(QStringLiteral("<error>"));
    }

    // The value read back, bound as a parameter, equals the server's own value.
    bool roundTrips(const QString &literal, const QString &type)
    {
        const QVariant value = read(literal);
        // json has no equality operator: its text is compared instead.
        const QString sql = type == QLatin1String("json")
                                ? QStringLiteral("SELECT $1::%1::text = (%2)::text")
                                : QStringLiteral("SELECT $1::%1 IS NOT DISTINCT FROM (%2)::%1");
        const Result<QVariant> same = execScalar(m_db, Statement(sql.arg(type, literal), {value}));
        if (!same) {
            qWarning() << same.error().message << literal << value;
            return false;
        }
        return same->toBool();
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(s("pgvalue")));
        QVERIFY(cluster.exec(s("pgvalue"), s("CREATE TYPE mood AS ENUM ('happy', 'it''s ok');"
                                             "CREATE DOMAIN positive AS integer CHECK (VALUE > 0);"
                                             "CREATE DOMAIN label AS varchar(20);")));
        m_db = cluster.open(s("pgvalue"));
        QVERIFY(m_db.isOpen());
        registerValueTypes();
    }

    void convertsEveryBuiltinType_data()
    {
        QTest::addColumn<QString>("literal");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("metaType");
        QTest::addColumn<QString>("text");
        const int str = QMetaType::QString;
        const int temporal = QMetaType::fromType<Temporal>().id();
        QTest::newRow("int2") << s("(-32768)::int2") << s("int2") << int(QMetaType::Int)
                              << s("-32768");
        QTest::newRow("int4") << s("2147483647") << s("int4") << int(QMetaType::Int)
                              << s("2147483647");
        QTest::newRow("int8") << s("(-9223372036854775808)::int8") << s("int8")
                              << int(QMetaType::LongLong) << s("-9223372036854775808");
        QTest::newRow("oid") << s("4294967295::oid") << s("oid") << int(QMetaType::UInt)
                             << s("4294967295");
        QTest::newRow("numeric") << s("12345678901234567890.123456789012345::numeric")
                                 << s("numeric") << str
                                 << s("12345678901234567890.123456789012345");
        QTest::newRow("numeric nan") << s("'NaN'::numeric") << s("numeric") << str << s("NaN");
        QTest::newRow("float4") << s("1.1::float4") << s("float4") << int(QMetaType::Double)
                                << s("1.1");
        QTest::newRow("float8") << s("0.1::float8") << s("float8") << int(QMetaType::Double)
                                << s("0.1");
        QTest::newRow("float8 nan")
            << s("'NaN'::float8") << s("float8") << int(QMetaType::Double) << s("NaN");
        QTest::newRow("float8 inf")
            << s("'-Infinity'::float8") << s("float8") << int(QMetaType::Double) << s("-Infinity");
        QTest::newRow("bool") << s("true") << s("bool") << int(QMetaType::Bool) << s("true");
        QTest::newRow("text") << s("'it''s \\ a \"test\" 🦫'::text") << s("text") << str
                              << s("it's \\ a \"test\" 🦫");
        QTest::newRow("varchar") << s("'abc'::varchar(5)") << s("varchar") << str << s("abc");
        QTest::newRow("char") << s("'ab'::char(4)") << s("char(4)") << str << s("ab  ");
        QTest::newRow("\"char\"") << s("'x'::\"char\"") << s("\"char\"") << str << s("x");
        QTest::newRow("name") << s("'pg_class'::name") << s("name") << str << s("pg_class");
        QTest::newRow("enum") << s("'it''s ok'::mood") << s("mood") << str << s("it's ok");
        QTest::newRow("domain int")
            << s("7::positive") << s("positive") << int(QMetaType::Int) << s("7");
        QTest::newRow("domain varchar") << s("'x'::label") << s("label") << str << s("x");
        QTest::newRow("uuid") << s("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid") << s("uuid")
                              << str << s("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        QTest::newRow("json") << s("'{\"k\": [1, 2]}'::json") << s("json") << str
                              << s("{\"k\": [1, 2]}");
        QTest::newRow("jsonb") << s("'{\"k\": [1, 2]}'::jsonb") << s("jsonb") << str
                               << s("{\"k\": [1, 2]}");
        QTest::newRow("bytea") << s("'\\x0001ff'::bytea") << s("bytea")
                               << int(QMetaType::QByteArray) << s("\\x0001ff");
        QTest::newRow("date") << s("'2024-02-29'::date") << s("date") << int(QMetaType::QDate)
                              << s("2024-02-29");
        QTest::newRow("date bc") << s("'0044-03-15 BC'::date") << s("date") << int(QMetaType::QDate)
                                 << s("0044-03-15 BC");
        QTest::newRow("date infinity")
            << s("'infinity'::date") << s("date") << temporal << s("infinity");
        QTest::newRow("time") << s("'13:14:15.123456'::time") << s("time") << temporal
                              << s("13:14:15.123456");
        QTest::newRow("time 24") << s("'24:00:00'::time") << s("time") << temporal << s("24:00:00");
        QTest::newRow("timetz") << s("'13:14:15.5+05:30'::timetz") << s("timetz") << temporal
                                << s("13:14:15.5+05:30");
        QTest::newRow("timestamp") << s("'2024-02-29 13:14:15.000001'::timestamp") << s("timestamp")
                                   << temporal << s("2024-02-29 13:14:15.000001");
        QTest::newRow("timestamp bc") << s("'0001-01-01 00:00:00 BC'::timestamp") << s("timestamp")
                                      << temporal << s("0001-01-01 00:00:00 BC");
        QTest::newRow("timestamp -infinity")
            << s("'-infinity'::timestamp") << s("timestamp") << temporal << s("-infinity");
        QTest::newRow("timestamptz")
            << s("'2024-02-29 13:14:15.654321+00'::timestamptz") << s("timestamptz") << temporal
            << s("2024-02-29 13:14:15.654321+00");
        QTest::newRow("interval") << s("'1 year 2 mons 3 days 04:05:06.789'::interval")
                                  << s("interval") << str << s("1 year 2 mons 3 days 04:05:06.789");
        QTest::newRow("inet") << s("'192.168.0.1/24'::inet") << s("inet") << str
                              << s("192.168.0.1/24");
        QTest::newRow("cidr") << s("'10.0.0.0/8'::cidr") << s("cidr") << str << s("10.0.0.0/8");
        QTest::newRow("macaddr") << s("'08:00:2b:01:02:03'::macaddr") << s("macaddr") << str
                                 << s("08:00:2b:01:02:03");
        QTest::newRow("int4range")
            << s("'[1,10)'::int4range") << s("int4range") << str << s("[1,10)");
        QTest::newRow("tstzrange") << s("tstzrange('2024-01-01 00:00+00', NULL)") << s("tstzrange")
                                   << str << s("[\"2024-01-01 00:00:00+00\",)");
        QTest::newRow("int[]") << s("ARRAY[1, NULL, 3]") << s("int[]")
                               << int(QMetaType::QVariantList) << s("{1,NULL,3}");
        QTest::newRow("text[]") << s("ARRAY['a b', 'c\"d', 'NULL', NULL, '', 'e\\f']")
                                << s("text[]") << int(QMetaType::QVariantList)
                                << s("{\"a b\",\"c\\\"d\",\"NULL\",NULL,\"\",\"e\\\\f\"}");
        QTest::newRow("int[][]") << s("ARRAY[[1, 2], [3, 4]]") << s("int[]")
                                 << int(QMetaType::QVariantList) << s("{{1,2},{3,4}}");
        QTest::newRow("timestamptz[]")
            << s("ARRAY['2024-01-01 00:00:00.5+00'::timestamptz]") << s("timestamptz[]")
            << int(QMetaType::QVariantList) << s("{\"2024-01-01 00:00:00.5+00\"}");
        QTest::newRow("uuid[]") << s("ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid]")
                                << s("uuid[]") << int(QMetaType::QVariantList)
                                << s("{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}");
    }

    void convertsEveryBuiltinType()
    {
        QFETCH(QString, literal);
        QFETCH(QString, type);
        QFETCH(int, metaType);
        QFETCH(QString, text);
        const QVariant value = read(literal);
        QCOMPARE(value.metaType().id(), metaType);
        QCOMPARE(displayText(value), text);
        QVERIFY2(roundTrips(literal, type), qPrintable(literal));
        // NULL of every type is a null QVariant.
        QVERIFY(read(s("NULL::") + type).isNull());
    }

    void exactValues()
    {
        // Microseconds survive, where QDateTime alone would keep milliseconds.
        const Temporal ts =
            read(s("'2024-02-29 13:14:15.123456+00'::timestamptz")).value<Temporal>();
        QCOMPARE(ts.microsecond(), 123456);
        QCOMPARE(ts.toDateTime().toUTC(),
                 QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15, 123), Qt::UTC));
        QVERIFY(std::isnan(read(s("'NaN'::float8")).toDouble()));
        QVERIFY(std::isinf(read(s("'Infinity'::float4")).toDouble()));
        QCOMPARE(read(s("'\\x0001ff'::bytea")).toByteArray(), QByteArray("\x00\x01\xff", 3));
        QCOMPARE(read(s("ARRAY['x', NULL]")).toList().at(1), QVariant());
        QCOMPARE(read(s("9007199254740993::int8")).toLongLong(), 9007199254740993LL);
    }

    void byteaInEscapeOutput()
    {
        // bytea_output is session state a pooler does not restore: both forms are read.
        QVERIFY(exec(m_db, Statement(s("SET bytea_output = 'escape'"))));
        QCOMPARE(read(s("'\\x00015cff'::bytea")).toByteArray(), QByteArray("\x00\x01\\\xff", 4));
        QVERIFY(exec(m_db, Statement(s("RESET bytea_output"))));
    }

    void temporalTextRoundTrips_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("text");
        using K = Temporal::Kind;
        QTest::newRow("date") << int(K::Date) << s("2024-02-29");
        QTest::newRow("date 5 digits") << int(K::Date) << s("10000-01-01");
        QTest::newRow("time") << int(K::Time) << s("00:00:00");
        QTest::newRow("time frac") << int(K::Time) << s("23:59:59.999999");
        QTest::newRow("timetz lmt") << int(K::TimeTz) << s("12:00:00+05:53:28");
        QTest::newRow("ts") << int(K::Timestamp) << s("1999-12-31 23:59:59.5");
        QTest::newRow("tstz neg") << int(K::TimestampTz) << s("2024-06-01 08:00:00-07");
        QTest::newRow("tstz bc") << int(K::TimestampTz) << s("0100-01-01 00:00:00+00 BC");
        QTest::newRow("infinity") << int(K::TimestampTz) << s("infinity");
    }

    void temporalTextRoundTrips()
    {
        QFETCH(int, kind);
        QFETCH(QString, text);
        const std::optional<Temporal> t = Temporal::parse(Temporal::Kind(kind), text);
        QVERIFY(t.has_value());
        QCOMPARE(t->toString(), text);
        QVERIFY(!Temporal::parse(Temporal::Kind(kind), text + s("x")).has_value());
    }

    void temporalOrderIsChronological()
    {
        using K = Temporal::Kind;
        const Temporal a = *Temporal::parse(K::TimestampTz, s("2024-01-01 10:00:00+02"));
        const Temporal b = *Temporal::parse(K::TimestampTz, s("2024-01-01 09:30:00+00"));
        QVERIFY(a < b); // 08:00 UTC before 09:30 UTC
        QCOMPARE(*Temporal::parse(K::TimestampTz, s("2024-01-01 10:00:00+02")),
                 *Temporal::parse(K::TimestampTz, s("2024-01-01 08:00:00+00")));
        QVERIFY(*Temporal::parse(K::Timestamp, s("-infinity")) <
                *Temporal::parse(K::Timestamp, s("0001-01-01 00:00:00 BC")));
        // Through QVariant, as the grid's editors and sort use it.
        const QVariant v = QVariant::fromValue(a);
        QCOMPARE(v.toString(), s("2024-01-01 10:00:00+02"));
        QCOMPARE(v.toDateTime().toUTC().time(), QTime(8, 0));
    }

    void literalsReadTheSameUnderBothStringSettings()
    {
        const QString hostile = s("x\\'; DROP TABLE victims; -- \n\t'quoted'");
        const QString literal = sqlLiteral(hostile);
        QVERIFY(literal.startsWith(s("E'")));
        for (const char *setting : {"on", "off"}) {
            QVERIFY(exec(
                m_db, Statement(s("SET standard_conforming_strings = ") + QLatin1String(setting))));
            QCOMPARE(read(literal).toString(), hostile);
        }
        QVERIFY(exec(m_db, Statement(s("RESET standard_conforming_strings"))));
        QCOMPARE(sqlLiteral(s("plain")), s("'plain'"));
        QCOMPARE(sqlLiteral(QVariant()), s("NULL"));
        QCOMPARE(sqlLiteral(42), s("42"));
        QCOMPARE(sqlLiteral(std::nan("")), s("'NaN'"));
    }
};

QTEST_GUILESS_MAIN(TestPgValue)
#include "tst_pgvalue.moc"
