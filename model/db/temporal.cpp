#include "model/db/temporal.h"

#include <limits>

namespace dbx::model {

namespace {

constexpr qint64 kMicrosPerSecond = 1000000;
constexpr qint64 kMicrosPerDay = 86400 * kMicrosPerSecond;

// A small cursor over the text, for the fixed shapes of ISO output.
class Scanner {
public:
    explicit Scanner(QStringView text)
        : m_text(text)
    {}
    bool atEnd() const { return m_at >= m_text.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_text.at(m_at); }
    bool take(QChar c)
    {
        if (peek() != c)
            return false;
        ++m_at;
        return true;
    }
    bool take(QStringView word)
    {
        if (!m_text.mid(m_at).startsWith(word))
            return false;
        m_at += word.size();
        return true;
    }
    // At least `min` digits, at most `max`; their value.
    std::optional<qint64> digits(int min, int max)
    {
        qint64 value = 0;
        int n = 0;
        while (n < max && !atEnd() && peek().isDigit()) {
            value = value * 10 + peek().digitValue();
            ++m_at;
            ++n;
        }
        if (n < min)
            return std::nullopt;
        return value;
    }
    // ".123456" as microseconds; 0 when there is no fraction.
    qint64 fraction()
    {
        if (!take(u'.'))
            return 0;
        qint64 micros = 0;
        int n = 0;
        while (!atEnd() && peek().isDigit()) {
            if (n < 6)
                micros = micros * 10 + peek().digitValue();
            ++m_at;
            ++n;
        }
        for (; n < 6; ++n)
            micros *= 10;
        return micros;
    }

private:
    QStringView m_text;
    qsizetype m_at = 0;
};

std::optional<QDate> scanDate(Scanner &s)
{
    const auto year = s.digits(4, 9);
    if (!year || !s.take(u'-'))
        return std::nullopt;
    const auto month = s.digits(2, 2);
    if (!month || !s.take(u'-'))
        return std::nullopt;
    const auto day = s.digits(2, 2);
    if (!day)
        return std::nullopt;
    const QDate date{int(*year), int(*month), int(*day)};
    if (!date.isValid())
        return std::nullopt;
    return date;
}

std::optional<qint64> scanTime(Scanner &s)
{
    const auto hour = s.digits(2, 2);
    if (!hour || !s.take(u':'))
        return std::nullopt;
    const auto minute = s.digits(2, 2);
    if (!minute || !s.take(u':'))
        return std::nullopt;
    const auto second = s.digits(2, 2);
    if (!second)
        return std::nullopt;
    const qint64 micros = ((*hour * 60 + *minute) * 60 + *second) * kMicrosPerSecond + s.fraction();
    if (micros > kMicrosPerDay) // 24:00:00 is a valid time in PostgreSQL
        return std::nullopt;
    return micros;
}

// "+03", "-05:30", "+05:53:28" (LMT offsets of old dates) as seconds east of UTC.
std::optional<int> scanOffset(Scanner &s)
{
    int sign = 0;
    if (s.take(u'+'))
        sign = 1;
    else if (s.take(u'-'))
        sign = -1;
    else
        return std::nullopt;
    const auto hours = s.digits(2, 2);
    if (!hours)
        return std::nullopt;
    qint64 seconds = *hours * 3600;
    if (s.take(u':')) {
        const auto minutes = s.digits(2, 2);
        if (!minutes)
            return std::nullopt;
        seconds += *minutes * 60;
        if (s.take(u':')) {
            const auto secs = s.digits(2, 2);
            if (!secs)
                return std::nullopt;
            seconds += *secs;
        }
    }
    return int(sign * seconds);
}

// QDate has no year 0: 1 BC is year -1. PostgreSQL writes 1 BC as "0001 ... BC".
QDate toBc(const QDate &date)
{
    return QDate(-date.year(), date.month(), date.day());
}

QString timeText(qint64 micros)
{
    const qint64 seconds = micros / kMicrosPerSecond;
    QString text = QStringLiteral("%1:%2:%3")
                       .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
                       .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                       .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    qint64 fraction = micros % kMicrosPerSecond;
    if (fraction != 0) {
        QString digits = QStringLiteral("%1").arg(fraction, 6, 10, QLatin1Char('0'));
        while (digits.endsWith(QLatin1Char('0')))
            digits.chop(1);
        text += QLatin1Char('.') + digits;
    }
    return text;
}

QString offsetText(int offset)
{
    const int magnitude = qAbs(offset);
    QString text = QStringLiteral("%1%2")
                       .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                       .arg(magnitude / 3600, 2, 10, QLatin1Char('0'));
    if (magnitude % 3600 != 0)
        text += QStringLiteral(":%1").arg((magnitude / 60) % 60, 2, 10, QLatin1Char('0'));
    if (magnitude % 60 != 0)
        text += QStringLiteral(":%1").arg(magnitude % 60, 2, 10, QLatin1Char('0'));
    return text;
}

} // namespace

QString pgDateText(const QDate &date)
{
    if (!date.isValid())
        return {};
    const bool bc = date.year() < 0;
    return QStringLiteral("%1-%2-%3%4")
        .arg(qAbs(date.year()), 4, 10, QLatin1Char('0'))
        .arg(date.month(), 2, 10, QLatin1Char('0'))
        .arg(date.day(), 2, 10, QLatin1Char('0'))
        .arg(bc ? QStringLiteral(" BC") : QString());
}

std::optional<Temporal> Temporal::parse(Kind kind, QStringView text)
{
    Temporal t;
    t.m_kind = kind;
    const bool hasDate = kind == Kind::Date || kind == Kind::Timestamp || kind == Kind::TimestampTz;
    if (hasDate && (text == u"infinity" || text == u"-infinity")) {
        t.m_valid = true;
        t.m_infinity = text.startsWith(u'-') ? Infinity::Minus : Infinity::Plus;
        return t;
    }
    Scanner s(text);
    if (hasDate) {
        const auto date = scanDate(s);
        if (!date)
            return std::nullopt;
        t.m_date = *date;
        if (kind != Kind::Date && !s.take(u' '))
            return std::nullopt;
    }
    if (kind != Kind::Date) {
        const auto micros = scanTime(s);
        if (!micros)
            return std::nullopt;
        t.m_micros = *micros;
    }
    if (kind == Kind::TimeTz || kind == Kind::TimestampTz) {
        const auto offset = scanOffset(s);
        if (!offset)
            return std::nullopt;
        t.m_offset = *offset;
    }
    if (hasDate && s.take(QStringView(u" BC")))
        t.m_date = toBc(t.m_date);
    if (!s.atEnd())
        return std::nullopt;
    t.m_valid = true;
    return t;
}

Temporal Temporal::fromDateTime(const QDateTime &value, bool withTimeZone)
{
    Temporal t;
    t.m_kind = withTimeZone ? Kind::TimestampTz : Kind::Timestamp;
    t.m_valid = value.isValid();
    t.m_date = value.date();
    t.m_micros = qint64(value.time().msecsSinceStartOfDay()) * 1000;
    t.m_offset = withTimeZone ? value.offsetFromUtc() : 0;
    return t;
}

QString Temporal::toString() const
{
    if (!m_valid)
        return {};
    if (m_infinity != Infinity::None)
        return m_infinity == Infinity::Plus ? QStringLiteral("infinity")
                                            : QStringLiteral("-infinity");
    const bool bc = m_date.isValid() && m_date.year() < 0;
    const QDate shown = bc ? toBc(m_date) : m_date;
    QString text;
    if (m_kind == Kind::Date || m_kind == Kind::Timestamp || m_kind == Kind::TimestampTz)
        text = QStringLiteral("%1-%2-%3")
                   .arg(shown.year(), 4, 10, QLatin1Char('0'))
                   .arg(shown.month(), 2, 10, QLatin1Char('0'))
                   .arg(shown.day(), 2, 10, QLatin1Char('0'));
    if (m_kind != Kind::Date) {
        if (!text.isEmpty())
            text += QLatin1Char(' ');
        text += timeText(m_micros);
    }
    if (hasZone())
        text += offsetText(m_offset);
    if (bc)
        text += QStringLiteral(" BC");
    return text;
}

QTime Temporal::toTime() const
{
    if (!m_valid || m_infinity != Infinity::None || m_kind == Kind::Date)
        return {};
    const qint64 ms = qMin<qint64>(m_micros / 1000, 86400 * 1000 - 1);
    return QTime::fromMSecsSinceStartOfDay(int(ms));
}

QDateTime Temporal::toDateTime() const
{
    if (!m_valid || m_infinity != Infinity::None)
        return {};
    const QDate date = m_date.isValid() ? m_date : QDate(2000, 1, 1);
    if (hasZone())
        return QDateTime(date, toTime(), Qt::OffsetFromUTC, m_offset);
    return QDateTime(date, toTime());
}

qint64 Temporal::instant() const
{
    if (m_infinity == Infinity::Plus)
        return std::numeric_limits<qint64>::max();
    if (m_infinity == Infinity::Minus)
        return std::numeric_limits<qint64>::min();
    const qint64 days = m_date.isValid() ? m_date.toJulianDay() - QDate(2000, 1, 1).toJulianDay()
                                         : 0;
    return days * kMicrosPerDay + m_micros - qint64(m_offset) * kMicrosPerSecond;
}

bool Temporal::operator==(const Temporal &other) const
{
    return m_valid == other.m_valid && hasZone() == other.hasZone() &&
           instant() == other.instant() && m_kind == other.m_kind;
}

bool Temporal::operator<(const Temporal &other) const
{
    return instant() < other.instant();
}

void Temporal::registerConverters()
{
    static const bool done = [] {
        QMetaType::registerConverter<Temporal, QString>(&Temporal::toString);
        QMetaType::registerConverter<Temporal, QDateTime>(&Temporal::toDateTime);
        QMetaType::registerConverter<Temporal, QDate>(&Temporal::toDate);
        QMetaType::registerConverter<Temporal, QTime>(&Temporal::toTime);
        return true;
    }();
    Q_UNUSED(done);
}

} // namespace dbx::model
