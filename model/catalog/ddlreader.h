#pragma once

#include "model/connection/connectionspec.h"
#include "model/db/sqlresult.h"
#include "model/dberror.h"
#include "model/result.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

class QProcess;
class QProcessEnvironment;
class QSqlDatabase;

namespace dbx::model {

class Database;

// A schema object whose definition can be shown.
struct DdlObject {
    enum class Kind { Table, View, MaterializedView, Sequence, Function, Enum };
    Kind kind = Kind::Table;
    QString schema;
    QString name;

    // Relations are what pg_dump can select alone (--table); functions and types it cannot.
    bool isRelation() const { return kind != Kind::Function && kind != Kind::Enum; }
};

// The DDL of one object as PostgreSQL writes it: relations by pg_dump --schema-only --table (a
// child process, asynchronous, given the connection through --dbname and the password through
// PGPASSWORD, never on its command line), functions by pg_get_functiondef and enums built from
// pg_enum, both through the executor on the Database's worker. One request at a time: a newer
// load makes the older one's result stale, and it is dropped.
class DdlReader : public QObject {
    Q_OBJECT
public:
    explicit DdlReader(Database *database, QObject *parent = nullptr);
    ~DdlReader() override;

    void load(const DdlObject &object);
    bool isLoading() const { return m_loading; }

    // pg_dump of the newest installed PostgreSQL (DBX_PG_BINDIR first), else pg_dump on PATH.
    static QString pgDumpProgram();
    static QStringList pgDumpArguments(const DdlObject &object, const ConnectionSpec &spec);
    static QProcessEnvironment pgDumpEnvironment(const ConnectionSpec &spec);
    // pg_dump's output without its session settings and banner: the object's statements.
    static QString trimDump(const QString &dump);
    // Blocking, for the worker (and the command line): functions and enums from the catalog.
    static Result<QString> catalogDdl(QSqlDatabase &db, const DdlObject &object);
    // Blocking, for the command line: what "[schema.]name" (public by default) names, looked up
    // as a relation, then a function, then an enum type.
    static Result<DdlObject> resolve(QSqlDatabase &db, const QString &qualifiedName);
    // Blocking, for the command line: pg_dump waited for, or the catalog.
    static Result<QString> read(QSqlDatabase &db, const DdlObject &object,
                                const ConnectionSpec &spec);
    // What pg_dump's end means: its trimmed output, or its first error line.
    static Result<QString> dumpResult(bool exitedNormally, int exitCode, const QByteArray &out,
                                      const QByteArray &err);

signals:
    void ready(const QString &ddl);
    void failed(const dbx::model::DbError &error);

private:
    void runPgDump(const DdlObject &object);
    void finishPgDump(QProcess *process, int exitCode);

    Database *m_database;
    QPointer<QProcess> m_process;
    Ticket m_ticket = 0;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace dbx::model
