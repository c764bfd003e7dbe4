#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <optional>

namespace dbx::model {

// The one converter between PostgreSQL's text format and QVariant, by type OID.
//
// From the server: bool → bool; int2/int4 → int; int8 → qlonglong; oid, xid, cid → uint;
// numeric and money → QString (exact); float4/float8 → double (NaN and ±Infinity kept);
// date → QDate (±infinity → Temporal); time, timetz, timestamp, timestamptz → Temporal (to
// the microsecond); bytea → QByteArray (hex or escape output); arrays of built-in types →
// QVariantList (nested for more dimensions, NULL elements null); everything else (text,
// varchar, enums, uuid, json, interval, inet, ranges, user types) → QString as the server
// wrote it. SQL NULL → a null QVariant. Domains arrive as their base type.
QVariant fromPgText(quint32 typeOid, const char *data, int length);

// To the server: the text a bound parameter carries; nothing for NULL. QDateTime with its
// offset, QDate with " BC" years, bool as t/f, bytes as \x hex, lists as array literals.
std::optional<QByteArray> toPgText(const QVariant &value);
// The same as a QString (null for NULL), for writers of literals and previews.
QVariant pgTextValue(const QVariant &value);

// A value as an SQL literal, on one line, read the same under standard_conforming_strings on
// and off: NULL, TRUE, 40000, 'it''s', and E'a\\b\n' whenever a backslash or a control
// character occurs. For previews, comments and the literal form of generated SQL: the
// application itself always binds values.
QString sqlLiteral(const QVariant &value);
// A text as a quoted literal, with the same rules.
QString quotedLiteral(const QString &text);

// A value as a person reads it: what grids, forms and messages show. NULL is empty (grids
// paint it apart); lists in PostgreSQL's array notation; bytes as \x hex.
QString displayText(const QVariant &value);

// Registers the converter's own types with Qt's meta-type system. Idempotent.
void registerValueTypes();

} // namespace dbx::model
