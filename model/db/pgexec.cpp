#include "model/db/pgexec.h"

#include "model/db/pgnative.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QSqlDatabase>
#include <QTime>
#include <QUuid>

#include <libpq-fe.h>

#include <memory>
#include <vector>

namespace dbx::model {

namespace {

struct ResultDeleter {
    void operator()(PGresult *r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

QString field(const PGresult *r, int code)
{
    const char *v = PQresultErrorField(r, code);
    return v ? QString::fromUtf8(v) : QString();
}

DbError errorFrom(PGconn *conn, const PGresult *r, const QString &sql)
{
    DbError error;
    error.statement = sql;
    if (!r || PQstatus(conn) != CONNECTION_OK) {
        error.kind = DbError::Kind::ConnectionLost;
        error.message =
            QCoreApplication::translate("Connector", "The connection to the server was lost.");
        error.detail = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
        return error;
    }
    error.sqlState = field(r, PG_DIAG_SQLSTATE);
    error.message = field(r, PG_DIAG_MESSAGE_PRIMARY);
    QStringList more;
    for (int code : {PG_DIAG_MESSAGE_DETAIL, PG_DIAG_MESSAGE_HINT}) {
        const QString text = field(r, code);
        if (!text.isEmpty())
            more << text;
    }
    error.detail = more.join(QLatin1Char('\n'));
    error.schemaName = field(r, PG_DIAG_SCHEMA_NAME);
    error.tableName = field(r, PG_DIAG_TABLE_NAME);
    error.columnName = field(r, PG_DIAG_COLUMN_NAME);
    error.constraintName = field(r, PG_DIAG_CONSTRAINT_NAME);
    if (error.sqlState == QLatin1String("57014")) {
        error.kind = DbError::Kind::Cancelled;
        error.message = QCoreApplication::translate("Connector", "Cancelled.");
    } else if (error.sqlState.startsWith(QLatin1String("08")) ||
               error.sqlState.startsWith(QLatin1String("57P"))) {
        error.kind = DbError::Kind::ConnectionLost;
        error.message =
            QCoreApplication::translate("Connector", "The connection to the server was lost.");
    } else {
        error.kind = DbError::Kind::Statement;
        if (error.message.isEmpty())
            error.message = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
    }
    return error;
}

} // namespace

QVariant pgTextValue(const QVariant &value)
{
    if (value.isNull())
        return {};
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("t") : QStringLiteral("f");
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs);
    case QMetaType::QDateTime: {
        const QDateTime dt = value.toDateTime();
        // Always with its offset: timestamptz needs it to be exact, and a timestamp column
        // ignores it, keeping the wall-clock time the user saw.
        return dt.toOffsetFromUtc(dt.offsetFromUtc()).toString(Qt::ISODateWithMs);
    }
    case QMetaType::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QMetaType::Float:
        return QString::number(value.toFloat(), 'g', 9);
    case QMetaType::QByteArray:
        return QString(QLatin1String("\\x") + QLatin1String(value.toByteArray().toHex()));
    case QMetaType::QUuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    default:
        return value.toString();
    }
}

QString dollarPlaceholders(const QString &sql)
{
    QString out;
    out.reserve(sql.size() + 16);
    int n = 0;
    QChar quote;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            out += c;
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c; // a doubled quote closes and reopens: same result
        } else if (c == QLatin1Char('-') && sql.mid(i, 2) == QLatin1String("--")) {
            const qsizetype end = sql.indexOf(QLatin1Char('\n'), i);
            const qsizetype stop = end < 0 ? sql.size() : end;
            out += sql.mid(i, stop - i);
            i = stop - 1;
            continue;
        } else if (c == QLatin1Char('?')) {
            out += QLatin1Char('$') + QString::number(++n);
            continue;
        }
        out += c;
    }
    return out;
}

Result<PgRows> pgExec(QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    PGconn *conn = nativeConnection(db);
    if (!conn) {
        DbError error;
        error.kind = DbError::Kind::ConnectionLost;
        error.statement = sql;
        error.message =
            QCoreApplication::translate("Connector", "The connection to the server was lost.");
        return error;
    }
    std::vector<QByteArray> storage;
    storage.reserve(params.size());
    std::vector<const char *> values;
    values.reserve(params.size());
    for (const QVariant &p : params) {
        const QVariant text = pgTextValue(p);
        if (text.isNull()) {
            storage.emplace_back();
            values.push_back(nullptr);
        } else {
            storage.push_back(text.toString().toUtf8());
            values.push_back(storage.back().constData());
        }
    }
    const QByteArray query = sql.toUtf8();
    ResultPtr r(PQexecParams(conn, query.constData(), int(values.size()), nullptr, values.data(),
                             nullptr, nullptr, 0));
    const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        return errorFrom(conn, r.get(), sql);
    PgRows out;
    const char *affected = PQcmdTuples(r.get());
    out.affected = affected && *affected ? QByteArray(affected).toLongLong() : 0;
    const int columns = PQnfields(r.get());
    for (int c = 0; c < columns; ++c)
        out.columns << QString::fromUtf8(PQfname(r.get(), c));
    const int rows = PQntuples(r.get());
    out.rows.reserve(rows);
    for (int i = 0; i < rows; ++i) {
        QList<QVariant> row;
        row.reserve(columns);
        for (int c = 0; c < columns; ++c) {
            if (PQgetisnull(r.get(), i, c))
                row << QVariant();
            else
                row << QString::fromUtf8(PQgetvalue(r.get(), i, c), PQgetlength(r.get(), i, c));
        }
        out.rows << row;
    }
    return out;
}

} // namespace dbx::model
