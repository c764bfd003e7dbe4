#include "model/catalog/columntype.h"

#include <QHash>
#include <QRegularExpression>

namespace dbx::model {

namespace {

struct BuiltinType {
    quint32 oid;
    TypeKind kind;
    quint32 arrayOid;
};

// pg_type.dat of PostgreSQL 15: the built-in types with their array types.
constexpr BuiltinType kBuiltins[] = {
    {16, TypeKind::Boolean, 1000},     {17, TypeKind::Binary, 1001},
    {18, TypeKind::Text, 1002},        {19, TypeKind::Text, 1003},
    {20, TypeKind::Integer, 1016},     {21, TypeKind::Integer, 1005},
    {23, TypeKind::Integer, 1007},     {25, TypeKind::Text, 1009},
    {26, TypeKind::Integer, 1028},     {27, TypeKind::Other, 1010},
    {28, TypeKind::Integer, 1011},     {29, TypeKind::Integer, 1012},
    {114, TypeKind::Json, 199},        {142, TypeKind::Other, 143},
    {600, TypeKind::Geometric, 1017},  {601, TypeKind::Geometric, 1018},
    {602, TypeKind::Geometric, 1019},  {603, TypeKind::Geometric, 1020},
    {604, TypeKind::Geometric, 1027},  {628, TypeKind::Geometric, 629},
    {650, TypeKind::Network, 651},     {700, TypeKind::Float, 1021},
    {701, TypeKind::Float, 1022},      {705, TypeKind::Text, 0},
    {718, TypeKind::Geometric, 719},   {774, TypeKind::Network, 775},
    {790, TypeKind::Money, 791},       {829, TypeKind::Network, 1040},
    {869, TypeKind::Network, 1041},    {1042, TypeKind::Text, 1014},
    {1043, TypeKind::Text, 1015},      {1082, TypeKind::Date, 1182},
    {1083, TypeKind::Time, 1183},      {1114, TypeKind::Timestamp, 1115},
    {1184, TypeKind::Timestamp, 1185}, {1186, TypeKind::Interval, 1187},
    {1266, TypeKind::Time, 1270},      {1560, TypeKind::BitString, 1561},
    {1562, TypeKind::BitString, 1563}, {1700, TypeKind::Decimal, 1231},
    {1790, TypeKind::Text, 2201},      {2202, TypeKind::Text, 2207},
    {2203, TypeKind::Text, 2208},      {2204, TypeKind::Text, 2209},
    {2205, TypeKind::Text, 2210},      {2206, TypeKind::Text, 2211},
    {2950, TypeKind::Uuid, 2951},      {3220, TypeKind::Other, 3221},
    {3614, TypeKind::Other, 3643},     {3615, TypeKind::Other, 3645},
    {3734, TypeKind::Text, 3735},      {3769, TypeKind::Text, 3770},
    {3802, TypeKind::Json, 3807},      {4072, TypeKind::Other, 4073},
    {4089, TypeKind::Text, 4090},      {4096, TypeKind::Text, 4097},
    {5069, TypeKind::Integer, 271},    {3904, TypeKind::Range, 3905},
    {3906, TypeKind::Range, 3907},     {3908, TypeKind::Range, 3909},
    {3910, TypeKind::Range, 3911},     {3912, TypeKind::Range, 3913},
    {3926, TypeKind::Range, 3927},     {4451, TypeKind::Range, 6150},
    {4532, TypeKind::Range, 6151},     {4533, TypeKind::Range, 6152},
    {4534, TypeKind::Range, 6153},     {4535, TypeKind::Range, 6155},
    {4536, TypeKind::Range, 6157},
};

struct Tables {
    QHash<quint32, TypeKind> kinds;
    QHash<quint32, quint32> elements;
};

const Tables &tables()
{
    static const Tables t = [] {
        Tables out;
        for (const BuiltinType &b : kBuiltins) {
            out.kinds.insert(b.oid, b.kind);
            if (b.arrayOid != 0) {
                out.kinds.insert(b.arrayOid, TypeKind::Array);
                out.elements.insert(b.arrayOid, b.oid);
            }
        }
        return out;
    }();
    return t;
}

TypeKind kindOfCategory(const QString &category)
{
    if (category.size() != 1)
        return TypeKind::Unknown;
    switch (category.at(0).toLatin1()) {
    case 'A':
        return TypeKind::Array;
    case 'B':
        return TypeKind::Boolean;
    case 'D':
        return TypeKind::Timestamp;
    case 'E':
        return TypeKind::Enum;
    case 'G':
        return TypeKind::Geometric;
    case 'I':
        return TypeKind::Network;
    case 'N':
        return TypeKind::Decimal;
    case 'R':
        return TypeKind::Range;
    case 'S':
        return TypeKind::Text;
    case 'T':
        return TypeKind::Interval;
    case 'V':
        return TypeKind::BitString;
    default:
        return TypeKind::Other;
    }
}

// format_type() names and the aliases people write in casts, without modifiers.
const QHash<QString, quint32> &namedOids()
{
    static const QHash<QString, quint32> names = {
        {QStringLiteral("boolean"), 16},
        {QStringLiteral("bool"), 16},
        {QStringLiteral("bytea"), 17},
        {QStringLiteral("\"char\""), 18},
        {QStringLiteral("name"), 19},
        {QStringLiteral("bigint"), 20},
        {QStringLiteral("int8"), 20},
        {QStringLiteral("smallint"), 21},
        {QStringLiteral("int2"), 21},
        {QStringLiteral("integer"), 23},
        {QStringLiteral("int"), 23},
        {QStringLiteral("int4"), 23},
        {QStringLiteral("text"), 25},
        {QStringLiteral("citext"), 25},
        {QStringLiteral("oid"), 26},
        {QStringLiteral("json"), 114},
        {QStringLiteral("xml"), 142},
        {QStringLiteral("real"), 700},
        {QStringLiteral("float4"), 700},
        {QStringLiteral("double precision"), 701},
        {QStringLiteral("float8"), 701},
        {QStringLiteral("float"), 701},
        {QStringLiteral("money"), 790},
        {QStringLiteral("inet"), 869},
        {QStringLiteral("cidr"), 650},
        {QStringLiteral("macaddr"), 829},
        {QStringLiteral("macaddr8"), 774},
        {QStringLiteral("character"), 1042},
        {QStringLiteral("char"), 1042},
        {QStringLiteral("bpchar"), 1042},
        {QStringLiteral("character varying"), 1043},
        {QStringLiteral("varchar"), 1043},
        {QStringLiteral("date"), 1082},
        {QStringLiteral("time"), 1083},
        {QStringLiteral("time without time zone"), 1083},
        {QStringLiteral("timestamp"), 1114},
        {QStringLiteral("timestamp without time zone"), 1114},
        {QStringLiteral("timestamptz"), 1184},
        {QStringLiteral("timestamp with time zone"), 1184},
        {QStringLiteral("interval"), 1186},
        {QStringLiteral("timetz"), 1266},
        {QStringLiteral("time with time zone"), 1266},
        {QStringLiteral("bit"), 1560},
        {QStringLiteral("bit varying"), 1562},
        {QStringLiteral("varbit"), 1562},
        {QStringLiteral("numeric"), 1700},
        {QStringLiteral("decimal"), 1700},
        {QStringLiteral("uuid"), 2950},
        {QStringLiteral("jsonb"), 3802},
        {QStringLiteral("int4range"), 3904},
        {QStringLiteral("numrange"), 3906},
        {QStringLiteral("tsrange"), 3908},
        {QStringLiteral("tstzrange"), 3910},
        {QStringLiteral("daterange"), 3912},
        {QStringLiteral("int8range"), 3926},
        {QStringLiteral("tsvector"), 3614},
        {QStringLiteral("tsquery"), 3615},
    };
    return names;
}

} // namespace

TypeKind kindOfOid(quint32 oid)
{
    return tables().kinds.value(oid, TypeKind::Unknown);
}

quint32 arrayElementOid(quint32 oid)
{
    return tables().elements.value(oid, 0);
}

bool ColumnType::isNumeric() const
{
    return kind == TypeKind::Integer || kind == TypeKind::Decimal || kind == TypeKind::Float ||
           kind == TypeKind::Money;
}

bool ColumnType::isText() const
{
    return kind == TypeKind::Text;
}

bool ColumnType::isTemporal() const
{
    return kind == TypeKind::Date || kind == TypeKind::Time || kind == TypeKind::Timestamp;
}

ColumnType ColumnType::fromOid(quint32 oid)
{
    ColumnType type;
    type.oid = oid;
    type.baseOid = oid;
    type.kind = kindOfOid(oid);
    type.withTimeZone = oid == TypeOid::TimestampTz || oid == TypeOid::TimeTz;
    type.integerWide = oid == TypeOid::Int8;
    return type;
}

ColumnType ColumnType::fromCatalog(quint32 oid, const QString &category, quint32 baseOid)
{
    const quint32 base = baseOid != 0 ? baseOid : oid;
    ColumnType type = fromOid(base);
    type.oid = oid;
    if (type.kind == TypeKind::Unknown)
        type.kind = kindOfCategory(category);
    return type;
}

ColumnType ColumnType::fromName(const QString &typeName)
{
    QString name = typeName.simplified().toLower();
    if (name.startsWith(QLatin1String("pg_catalog.")))
        name = name.mid(11);
    if (name.endsWith(QLatin1String("[]"))) {
        ColumnType array;
        array.kind = TypeKind::Array;
        return array;
    }
    // "numeric(10,2)" → "numeric", "timestamp(3) with time zone" → "timestamp with time zone"
    static const QRegularExpression modifier(QStringLiteral(R"(\s*\([^)]*\))"));
    name.remove(modifier);
    const auto it = namedOids().constFind(name.simplified());
    if (it == namedOids().cend())
        return {};
    return fromOid(it.value());
}

QString formatTypeName(const QString &name)
{
    static const QHash<QString, QString> aliases{
        {QStringLiteral("int"), QStringLiteral("integer")},
        {QStringLiteral("int4"), QStringLiteral("integer")},
        {QStringLiteral("int2"), QStringLiteral("smallint")},
        {QStringLiteral("int8"), QStringLiteral("bigint")},
        {QStringLiteral("bool"), QStringLiteral("boolean")},
        {QStringLiteral("float4"), QStringLiteral("real")},
        {QStringLiteral("float8"), QStringLiteral("double precision")},
        {QStringLiteral("float"), QStringLiteral("double precision")},
        {QStringLiteral("varchar"), QStringLiteral("character varying")},
        {QStringLiteral("char"), QStringLiteral("character")},
        {QStringLiteral("bpchar"), QStringLiteral("character")},
        {QStringLiteral("decimal"), QStringLiteral("numeric")},
        {QStringLiteral("varbit"), QStringLiteral("bit varying")},
        {QStringLiteral("timestamp"), QStringLiteral("timestamp without time zone")},
        {QStringLiteral("timestamptz"), QStringLiteral("timestamp with time zone")},
        {QStringLiteral("time"), QStringLiteral("time without time zone")},
        {QStringLiteral("timetz"), QStringLiteral("time with time zone")},
    };
    const QString key = name.simplified().toLower();
    return aliases.value(key, key);
}

bool narrowsType(const QString &from, const QString &to)
{
    static const QRegularExpression shape(
        QStringLiteral("^([a-z][a-z0-9 ]*?)(?:\\((\\d+)(?:, ?(\\d+))?\\))?$"));
    const auto a = shape.match(from.simplified().toLower());
    const auto b = shape.match(to.simplified().toLower());
    if (!a.hasMatch() || !b.hasMatch())
        return true;
    const QString baseA = formatTypeName(a.captured(1));
    const QString baseB = formatTypeName(b.captured(1));
    if (baseB == QLatin1String("text"))
        return false;
    static const QStringList integers{QStringLiteral("smallint"), QStringLiteral("integer"),
                                      QStringLiteral("bigint"), QStringLiteral("numeric")};
    if (integers.contains(baseA) && integers.contains(baseB) && baseA != QLatin1String("numeric"))
        return integers.indexOf(baseB) < integers.indexOf(baseA) ||
               (baseB == QLatin1String("numeric") && !b.captured(2).isEmpty());
    if (baseA != baseB)
        return true;
    if (b.captured(2).isEmpty())
        return false; // unbounded
    if (a.captured(2).isEmpty())
        return true;
    return b.captured(2).toInt() < a.captured(2).toInt() ||
           b.captured(3).toInt() < a.captured(3).toInt();
}

} // namespace dbx::model
