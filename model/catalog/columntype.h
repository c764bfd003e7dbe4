#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace dbx::model {

// The one classification of PostgreSQL types the application uses: what a value converts to,
// which editor and filter operators a column gets, which values the validator accepts, how
// export and JSON write it. Decided from the type's OID for built-in types and from
// pg_type.typcategory for the rest (enums, user arrays, domains resolve to their base type).
enum class TypeKind {
    Unknown,
    Boolean,
    Integer, // int2, int4, int8, oid
    Decimal, // numeric: exact, never a double
    Float,   // float4, float8: NaN and ±Infinity included
    Money,
    Text, // text, varchar, char(n), name, "char", citext...
    Enum,
    Date,
    Time,      // time, timetz
    Timestamp, // timestamp, timestamptz
    Interval,
    Uuid,
    Json,      // json, jsonb
    Binary,    // bytea
    Network,   // inet, cidr, macaddr, macaddr8
    BitString, // bit, varbit
    Array,
    Range,     // ranges and multiranges, shown as text
    Geometric, // point, box, ... shown as text
    Other,     // xml, tsvector, composites, ... shown as text
};

// Built-in type OIDs (pg_type.dat). Only those the application treats specially.
namespace TypeOid {
inline constexpr quint32 Bool = 16;
inline constexpr quint32 Bytea = 17;
inline constexpr quint32 Char = 18;
inline constexpr quint32 Name = 19;
inline constexpr quint32 Int8 = 20;
inline constexpr quint32 Int2 = 21;
inline constexpr quint32 Int4 = 23;
inline constexpr quint32 Text = 25;
inline constexpr quint32 Oid = 26;
inline constexpr quint32 Json = 114;
inline constexpr quint32 Xml = 142;
inline constexpr quint32 Float4 = 700;
inline constexpr quint32 Float8 = 701;
inline constexpr quint32 Unknown = 705;
inline constexpr quint32 Money = 790;
inline constexpr quint32 Bpchar = 1042;
inline constexpr quint32 Varchar = 1043;
inline constexpr quint32 Date = 1082;
inline constexpr quint32 Time = 1083;
inline constexpr quint32 Timestamp = 1114;
inline constexpr quint32 TimestampTz = 1184;
inline constexpr quint32 Interval = 1186;
inline constexpr quint32 TimeTz = 1266;
inline constexpr quint32 Numeric = 1700;
inline constexpr quint32 Uuid = 2950;
inline constexpr quint32 Jsonb = 3802;
} // namespace TypeOid

// A column's (or an expression's) type as the application understands it.
struct ColumnType {
    TypeKind kind = TypeKind::Unknown;
    quint32 oid = 0;           // the column's own type (a domain's, an enum's), 0 when unknown
    quint32 baseOid = 0;       // a domain's base type; the type itself otherwise
    QString enumSchema;        // Enum: where the enum type lives
    QString enumName;          //       and its name (labels come from the snapshot's EnumInfo)
    bool withTimeZone = false; // timestamptz, timetz
    bool integerWide = false;  // int8: beyond 32 bits

    bool isNumeric() const;  // Integer, Decimal, Float, Money
    bool isText() const;     // Text: what LIKE and "contains" apply to without a cast
    bool isTemporal() const; // Date, Time, Timestamp

    // From a type OID alone (what a result column reports: domains arrive as their base type).
    static ColumnType fromOid(quint32 oid);
    // From the catalog: the type OID, its pg_type.typcategory and, for a domain, its base.
    static ColumnType fromCatalog(quint32 oid, const QString &category, quint32 baseOid = 0);
    // From a type's name as format_type() writes it ("integer", "character varying(256)",
    // "timestamp with time zone"), for types known only by name (casts, saved queries).
    static ColumnType fromName(const QString &typeName);
};

// The name format_type() gives a built-in type written by one of its aliases ("varchar" is
// "character varying", "int8" "bigint"); any other name lowercased as it is. No modifiers.
QString formatTypeName(const QString &name);
// Whether a change of column type from `from` to `to` can lose or reject values. Types are
// compared by their format_type() names, so "varchar(300)" widens "character varying(256)".
bool narrowsType(const QString &from, const QString &to);

// The kind of a built-in type OID; Unknown for user types.
TypeKind kindOfOid(quint32 oid);
// The element type of a built-in array type OID, 0 when `oid` is no built-in array.
quint32 arrayElementOid(quint32 oid);

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::ColumnType)
