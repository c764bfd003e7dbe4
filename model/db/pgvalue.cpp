#include "model/db/pgvalue.h"

#include "model/catalog/columntype.h"
#include "model/db/temporal.h"

#include <QDate>
#include <QLocale>
#include <QRegularExpression>
#include <QDateTime>
#include <QTime>
#include <QUuid>

#include <libpq-fe.h>

#include <cmath>
#include <limits>

namespace dbx::model {

namespace {

QVariant floatValue(const QByteArray &text)
{
    if (text == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (text == "Infinity")
        return std::numeric_limits<double>::infinity();
    if (text == "-Infinity")
        return -std::numeric_limits<double>::infinity();
    return text.toDouble();
}

QVariant byteaValue(const char *data)
{
    size_t length = 0;
    unsigned char *raw = PQunescapeBytea(reinterpret_cast<const unsigned char *>(data), &length);
    if (!raw)
        return QByteArray();
    QByteArray bytes(reinterpret_cast<const char *>(raw), qsizetype(length));
    PQfreemem(raw);
    return bytes;
}

QVariant temporalValue(Temporal::Kind kind, const QString &text)
{
    const std::optional<Temporal> t = Temporal::parse(kind, text);
    if (!t)
        return text; // another DateStyle than ours: keep the server's words
    if (kind == Temporal::Kind::Date && t->infinity() == Temporal::Infinity::None)
        return t->date();
    return QVariant::fromValue(*t);
}

// Reads one level of PostgreSQL's array output: {1,2,NULL}, {"a b","c\"d"}, {{1,2},{3,4}}.
class ArrayReader {
public:
    ArrayReader(const char *data, const char *end, quint32 elementOid)
        : m_p(data)
        , m_end(end)
        , m_element(elementOid)
    {}

    std::optional<QVariantList> read()
    {
        if (m_p >= m_end || *m_p != '{')
            return std::nullopt;
        ++m_p;
        QVariantList items;
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return items;
        }
        for (;;) {
            if (m_p >= m_end)
                return std::nullopt;
            if (*m_p == '{') {
                auto nested = read();
                if (!nested)
                    return std::nullopt;
                items << QVariant(*nested);
            } else {
                auto item = element();
                if (!item)
                    return std::nullopt;
                items << *item;
            }
            if (m_p >= m_end)
                return std::nullopt;
            const char c = *m_p++;
            if (c == '}')
                return items;
            if (c != ',')
                return std::nullopt;
        }
    }
    bool atEnd() const { return m_p == m_end; }

private:
    std::optional<QVariant> element()
    {
        QByteArray text;
        if (*m_p == '"') {
            ++m_p;
            while (m_p < m_end && *m_p != '"') {
                if (*m_p == '\\' && m_p + 1 < m_end)
                    ++m_p;
                text += *m_p++;
            }
            if (m_p >= m_end)
                return std::nullopt;
            ++m_p; // the closing quote
            return fromPgText(m_element, text.constData(), int(text.size()));
        }
        const char *start = m_p;
        while (m_p < m_end && *m_p != ',' && *m_p != '}')
            ++m_p;
        text = QByteArray(start, m_p - start);
        if (text.compare("NULL", Qt::CaseInsensitive) == 0)
            return QVariant();
        return fromPgText(m_element, text.constData(), int(text.size()));
    }

    const char *m_p;
    const char *m_end;
    quint32 m_element;
};

QVariant arrayValue(quint32 elementOid, const char *data, int length)
{
    // box[] separates by ';' and bounds ("[0:1]={...}") do not fit a list: keep the text.
    if (elementOid == 603 || length == 0 || data[0] != '{')
        return QString::fromUtf8(data, length);
    ArrayReader reader(data, data + length, elementOid);
    std::optional<QVariantList> items = reader.read();
    if (!items || !reader.atEnd())
        return QString::fromUtf8(data, length);
    return *items;
}

// An array element as PostgreSQL writes it: quoted when it must be (or always, for binding).
QString arrayElement(const QVariant &value, bool alwaysQuote)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    const QString text = value.typeId() == QMetaType::QString ? value.toString()
                                                              : pgTextValue(value).toString();
    const bool plain =
        !alwaysQuote && !text.isEmpty() && text.compare(u"NULL", Qt::CaseInsensitive) != 0 &&
        !text.contains(QRegularExpression(QStringLiteral(R"([{},"\\\s])")));
    if (plain)
        return text;
    QString quoted = text;
    quoted.replace(u'\\', QStringLiteral("\\\\"));
    quoted.replace(u'"', QStringLiteral("\\\""));
    return u'"' + quoted + u'"';
}

QString arrayText(const QVariantList &items, bool alwaysQuote)
{
    QStringList parts;
    parts.reserve(items.size());
    for (const QVariant &item : items) {
        if (item.typeId() == QMetaType::QVariantList)
            parts << arrayText(item.toList(), alwaysQuote);
        else
            parts << arrayElement(item, alwaysQuote);
    }
    return u'{' + parts.join(u',') + u'}';
}

// The shortest text that reads back as the same double, and PostgreSQL's words for the rest.
QString floatText(double d)
{
    if (std::isnan(d))
        return QStringLiteral("NaN");
    if (std::isinf(d))
        return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

} // namespace

void registerValueTypes()
{
    static const bool done = [] {
        qRegisterMetaType<Temporal>();
        Temporal::registerConverters();
        return true;
    }();
    Q_UNUSED(done);
}

QVariant fromPgText(quint32 typeOid, const char *data, int length)
{
    switch (typeOid) {
    case TypeOid::Bool:
        return length > 0 && data[0] == 't';
    case TypeOid::Int2:
    case TypeOid::Int4:
        return QByteArray::fromRawData(data, length).toInt();
    case TypeOid::Int8:
        return QByteArray::fromRawData(data, length).toLongLong();
    case TypeOid::Oid:
    case 28: // xid
    case 29: // cid
        return QByteArray::fromRawData(data, length).toUInt();
    case TypeOid::Float4:
    case TypeOid::Float8:
        return floatValue(QByteArray::fromRawData(data, length));
    case TypeOid::Bytea:
        return byteaValue(data);
    case TypeOid::Date:
        return temporalValue(Temporal::Kind::Date, QString::fromLatin1(data, length));
    case TypeOid::Time:
        return temporalValue(Temporal::Kind::Time, QString::fromLatin1(data, length));
    case TypeOid::TimeTz:
        return temporalValue(Temporal::Kind::TimeTz, QString::fromLatin1(data, length));
    case TypeOid::Timestamp:
        return temporalValue(Temporal::Kind::Timestamp, QString::fromLatin1(data, length));
    case TypeOid::TimestampTz:
        return temporalValue(Temporal::Kind::TimestampTz, QString::fromLatin1(data, length));
    default:
        break;
    }
    if (const quint32 element = arrayElementOid(typeOid); element != 0)
        return arrayValue(element, data, length);
    return QString::fromUtf8(data, length);
}

std::optional<QByteArray> toPgText(const QVariant &value)
{
    const QVariant text = pgTextValue(value);
    if (text.isNull())
        return std::nullopt;
    return text.toString().toUtf8();
}

QVariant pgTextValue(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.metaType() == QMetaType::fromType<Temporal>())
        return value.value<Temporal>().toString();
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("t") : QStringLiteral("f");
    case QMetaType::QDate:
        return pgDateText(value.toDate());
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs);
    case QMetaType::QDateTime: {
        const QDateTime dt = value.toDateTime();
        // Always with its offset: timestamptz needs it to be exact, and a timestamp column
        // ignores it, keeping the wall-clock time the user saw.
        return dt.toOffsetFromUtc(dt.offsetFromUtc()).toString(Qt::ISODateWithMs);
    }
    case QMetaType::Double:
        return floatText(value.toDouble());
    case QMetaType::Float:
        return QString::number(value.toFloat(), 'g', QLocale::FloatingPointShortest);
    case QMetaType::QByteArray:
        return QString(QLatin1String("\\x") + QLatin1String(value.toByteArray().toHex()));
    case QMetaType::QUuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
        return arrayText(value.toList(), true);
    default:
        return value.toString();
    }
}

QString quotedLiteral(const QString &text)
{
    bool escape = false;
    for (const QChar c : text) {
        if (c == u'\\' || c.unicode() < 0x20 || c.unicode() == 0x7f) {
            escape = true;
            break;
        }
    }
    QString out;
    out.reserve(text.size() + 3);
    if (escape)
        out += u'E';
    out += u'\'';
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\'')
            out += QStringLiteral("''");
        else if (!escape)
            out += c;
        else if (u == u'\\')
            out += QStringLiteral("\\\\");
        else if (u == u'\n')
            out += QStringLiteral("\\n");
        else if (u == u'\r')
            out += QStringLiteral("\\r");
        else if (u == u'\t')
            out += QStringLiteral("\\t");
        else if (u < 0x20 || u == 0x7f)
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    out += u'\'';
    return out;
}

QString sqlLiteral(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Long:
    case QMetaType::ULong:
        return value.toString();
    case QMetaType::Double:
    case QMetaType::Float:
        // NaN and Infinity are no numeric literals: the server reads them only as strings.
        if (std::isfinite(value.toDouble()))
            return pgTextValue(value).toString();
        break;
    default:
        break;
    }
    return quotedLiteral(pgTextValue(value).toString());
}

QString displayText(const QVariant &value)
{
    if (value.isNull())
        return {};
    switch (value.typeId()) {
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
        return arrayText(value.toList(), false);
    case QMetaType::QByteArray:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::QDate:
        return pgTextValue(value).toString();
    default:
        return value.toString();
    }
}

} // namespace dbx::model
