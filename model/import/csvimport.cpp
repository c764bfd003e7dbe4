#include "model/import/csvimport.h"

#include "model/db/databaseworker.h"
#include "model/db/executor.h"
#include "model/db/pgnative.h"
#include "model/db/pgvalue.h"
#include "model/query/queryvaluecheck.h"
#include "model/sqlident.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSet>

namespace dbx::model {

namespace {

// The translation context of the import's messages (also csvreader.cpp's).
struct CsvImport {
    Q_DECLARE_TR_FUNCTIONS(CsvImport)
};

// The server names a bad row in its CONTEXT: "COPY t, line 17: ..." (translated by the
// server's lc_messages, so only the shape is relied on: the first number after the comma).
DbError withLine(DbError error)
{
    static const QRegularExpression line(QStringLiteral("^COPY [^\\n]*?, \\S+ (\\d+)"));
    const QRegularExpressionMatch m = line.match(error.context);
    if (m.hasMatch())
        error.message = CsvImport::tr("line %1: %2").arg(m.captured(1), error.message);
    return error;
}

Result<qint64> copyFile(QSqlDatabase &db, const Statement &copy, QFile &file, const JobContext *ctx)
{
    qint64 sent = 0;
    const CopySource read = [&](char *buffer, int capacity) -> Result<qint64> {
        const qint64 n = file.read(buffer, capacity);
        if (n < 0)
            return DbError::plain(
                CsvImport::tr("Cannot read %1: %2").arg(file.fileName(), file.errorString()));
        sent += n;
        if (ctx && n > 0)
            ctx->progress(sent);
        return n;
    };
    return copyIn(db, copy, read, ctx);
}

} // namespace

Result<Statement> copyFromStatement(const ImportRequest &request)
{
    if (Status valid = validateCsvOptions(request.options); !valid)
        return valid.error();
    if (request.table.isEmpty())
        return DbError::plain(CsvImport::tr("No table to import into."));
    const CsvOptions &o = request.options;
    QString sql = QStringLiteral("COPY ") + quoteQualified(request.schema, request.table);
    if (!request.columns.isEmpty()) {
        QStringList quoted;
        for (const QString &column : request.columns)
            quoted << quoteIdent(column);
        sql += QStringLiteral(" (") + quoted.join(QStringLiteral(", ")) + u')';
    }
    sql += QStringLiteral(" FROM STDIN (FORMAT csv");
    if (o.header)
        sql += QStringLiteral(", HEADER true");
    sql += QStringLiteral(", DELIMITER ") + quotedLiteral(QString(o.delimiter));
    sql += QStringLiteral(", QUOTE ") + quotedLiteral(QString(o.quote));
    sql += QStringLiteral(", NULL ") + quotedLiteral(o.nullText);
    if (!o.encoding.isEmpty())
        sql += QStringLiteral(", ENCODING ") + quotedLiteral(o.encoding);
    sql += u')';
    return Statement(sql);
}

Result<ImportSummary> importCsv(QSqlDatabase &db, const ImportRequest &request,
                                const JobContext *ctx)
{
    const Result<Statement> copy = copyFromStatement(request);
    if (!copy)
        return copy.error();
    QFile file(request.path);
    if (!file.open(QIODevice::ReadOnly))
        return DbError::plain(
            CsvImport::tr("Cannot read %1: %2").arg(request.path, file.errorString()));
    if (!nativeConnection(db))
        return DbError::connectionLost();
    // Inside the caller's transaction a savepoint; else one transaction of our own: either
    // way a bad row leaves nothing, and behind a transaction pooler everything runs on one
    // server connection.
    const bool nested = transactionState(db) != TransactionState::Idle;
    const Statement begin(nested ? QStringLiteral("SAVEPOINT dbx_import")
                                 : QStringLiteral("BEGIN"));
    if (const Result<PgRows> begun = exec(db, begin); !begun)
        return begun.error();
    const Result<qint64> rows = copyFile(db, copy.value(), file, ctx);
    if (!rows) {
        if (ctx)
            ctx->endCancellable();
        if (nested) {
            exec(db, Statement(QStringLiteral("ROLLBACK TO SAVEPOINT dbx_import")));
            exec(db, Statement(QStringLiteral("RELEASE SAVEPOINT dbx_import")));
        } else {
            exec(db, Statement(QStringLiteral("ROLLBACK")));
        }
        return withLine(rows.error());
    }
    const Statement end(nested ? QStringLiteral("RELEASE SAVEPOINT dbx_import")
                               : QStringLiteral("COMMIT"));
    if (const Result<PgRows> ended = exec(db, end); !ended)
        return ended.error();
    ImportSummary summary;
    summary.rows = rows.value();
    summary.bytes = file.pos();
    return summary;
}

QStringList defaultMapping(const QStringList &fileHeader, int fileColumns,
                           const QList<ColumnInfo> &tableColumns)
{
    QStringList mapping;
    for (int i = 0; i < fileColumns; ++i) {
        QString target;
        if (fileHeader.isEmpty()) {
            target = i < tableColumns.size() ? tableColumns.at(i).name : QString();
        } else {
            const QString name = fileHeader.value(i).trimmed();
            for (const ColumnInfo &c : tableColumns) {
                if (c.name == name)
                    target = c.name;
            }
            for (const ColumnInfo &c : tableColumns) {
                if (target.isEmpty() && c.name.compare(name, Qt::CaseInsensitive) == 0)
                    target = c.name;
            }
        }
        mapping << target;
    }
    return mapping;
}

Result<QStringList> mappedColumns(const QStringList &mapping)
{
    QSet<QString> used;
    for (int i = 0; i < mapping.size(); ++i) {
        if (mapping.at(i).isEmpty())
            return DbError::plain(
                CsvImport::tr("File column %1 goes into no table column. Every column "
                              "of the file must be imported; remove the column from "
                              "the file to skip it.")
                    .arg(i + 1));
        if (used.contains(mapping.at(i)))
            return DbError::plain(
                CsvImport::tr("The table column %1 is chosen for two file columns.")
                    .arg(mapping.at(i)));
        used.insert(mapping.at(i));
    }
    return mapping;
}

QString cellMismatch(const ColumnInfo &column, const std::optional<QString> &value,
                     const SchemaSnapshot &snapshot)
{
    if (!value) {
        if (column.notNull && column.defaultExpr.isEmpty() && !column.identity)
            return CsvImport::tr("%1 cannot be NULL").arg(column.name);
        return {};
    }
    query::ScopeColumn scope;
    scope.name = column.name;
    scope.type = column.type;
    scope.dataType = column.dataType;
    scope.enumSchema = column.dataType.enumSchema;
    return query::valueMismatch(scope, column.name, *value, snapshot);
}

} // namespace dbx::model
