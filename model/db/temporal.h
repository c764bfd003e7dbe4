#pragma once

#include <QDate>
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QTime>

#include <optional>

namespace dbx::model {

// A PostgreSQL date/time value kept to the microsecond, with the UTC offset the server wrote
// and ±infinity: QDateTime and QTime stop at milliseconds, so a value read into them and
// bound back (a key, an unchanged cell) would not be the value the server has. Converts to
// QString (the server's ISO text), QDateTime, QDate and QTime through QVariant, so code that
// only shows or edits a value needs nothing special.
class Temporal {
public:
    enum class Kind { Date, Time, TimeTz, Timestamp, TimestampTz };
    enum class Infinity { None, Plus, Minus };

    Temporal() = default;
    // Parses the server's text in the ISO DateStyle the application's sessions use, including
    // " BC" years and "infinity"/"-infinity". Nothing when the text does not fit `kind`.
    static std::optional<Temporal> parse(Kind kind, QStringView text);
    static Temporal fromDateTime(const QDateTime &value, bool withTimeZone);

    Kind kind() const { return m_kind; }
    bool isValid() const { return m_valid; }
    Infinity infinity() const { return m_infinity; }
    // The calendar date (in the value's own offset for TimestampTz); invalid for times.
    QDate date() const { return m_date; }
    qint64 microsecondOfDay() const { return m_micros; }
    int microsecond() const { return int(m_micros % 1000000); }
    int offsetSeconds() const { return m_offset; }
    bool hasZone() const { return m_kind == Kind::TimeTz || m_kind == Kind::TimestampTz; }

    // The text PostgreSQL reads back exactly: "2024-03-01 09:30:00.123456+03".
    QString toString() const;
    // Millisecond precision: what Qt's editors and formatting can hold.
    QDateTime toDateTime() const;
    QDate toDate() const { return m_date; }
    QTime toTime() const;

    // Chronological; values with a zone compare as instants.
    bool operator==(const Temporal &other) const;
    bool operator<(const Temporal &other) const;

    // Makes QVariant convert Temporal to QString, QDateTime, QDate and QTime. Idempotent.
    static void registerConverters();

private:
    // Microseconds since 2000-01-01 00:00 UTC (or local, without a zone) for ordering.
    qint64 instant() const;

    Kind m_kind = Kind::Timestamp;
    bool m_valid = false;
    Infinity m_infinity = Infinity::None;
    QDate m_date;
    qint64 m_micros = 0; // since midnight
    int m_offset = 0;    // seconds east of UTC
};

// A date as PostgreSQL writes it ("2024-03-01", "0044-03-15 BC"); QDate's year 0 does not
// exist, year -1 is 1 BC.
QString pgDateText(const QDate &date);

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::Temporal)
