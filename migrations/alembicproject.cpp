#include "migrations/alembicproject.h"

#include "migrations/migrationerror.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QUrl>

namespace dbx::migrations {

namespace {

struct CommandName {
    AlembicCommand::Kind kind;
    const char *name;
};

constexpr CommandName kCommands[] = {
    {AlembicCommand::Kind::Current, "current"},     {AlembicCommand::Kind::History, "history"},
    {AlembicCommand::Kind::Heads, "heads"},         {AlembicCommand::Kind::Upgrade, "upgrade"},
    {AlembicCommand::Kind::Downgrade, "downgrade"}, {AlembicCommand::Kind::Stamp, "stamp"},
};

QString encoded(const QString &part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}

} // namespace

model::Result<AlembicCommand> AlembicCommand::make(const QString &name, const QString &target,
                                                   bool sql)
{
    AlembicCommand command;
    bool known = false;
    for (const CommandName &entry : kCommands) {
        if (name == QLatin1String(entry.name)) {
            command.kind = entry.kind;
            known = true;
        }
    }
    if (!known)
        return invalidRequest(QCoreApplication::translate(
                                  "AlembicProject",
                                  "unknown Alembic command \"%1\": use current, history, heads, "
                                  "upgrade, downgrade or stamp")
                                  .arg(name));
    command.target = target.trimmed();
    command.sql = sql;
    if (command.needsTarget() && command.target.isEmpty())
        return invalidRequest(
            QCoreApplication::translate(
                "AlembicProject", "alembic %1 needs a target (head, base, a revision, +1, -1)")
                .arg(name));
    if (!command.needsTarget() && !command.target.isEmpty())
        return invalidRequest(
            QCoreApplication::translate("AlembicProject", "alembic %1 takes no target").arg(name));
    if (sql && !command.needsTarget())
        return invalidRequest(QCoreApplication::translate(
            "AlembicProject", "--sql goes with upgrade, downgrade or stamp"));
    // Offline, Alembic cannot read where the database is, so a downgrade names both ends.
    if (sql && command.kind == Kind::Downgrade && !command.target.contains(u':'))
        return invalidRequest(QCoreApplication::translate(
                                  "AlembicProject",
                                  "an offline downgrade (--sql) cannot read where the database "
                                  "is: give the range FROM:TO, for example %1:%2")
                                  .arg(QStringLiteral("head"), command.target));
    return command;
}

QStringList AlembicCommand::names()
{
    QStringList result;
    for (const CommandName &entry : kCommands)
        result << QLatin1String(entry.name);
    return result;
}

QString AlembicCommand::name() const
{
    for (const CommandName &entry : kCommands) {
        if (entry.kind == kind)
            return QLatin1String(entry.name);
    }
    return {};
}

bool AlembicCommand::needsTarget() const
{
    return kind == Kind::Upgrade || kind == Kind::Downgrade || kind == Kind::Stamp;
}

bool AlembicCommand::connects() const
{
    return (kind == Kind::Current || needsTarget()) && !sql;
}

bool AlembicCommand::changesDatabase() const
{
    return needsTarget() && !sql;
}

QStringList AlembicCommand::arguments() const
{
    QStringList args{name()};
    if (kind == Kind::History)
        args << QStringLiteral("--verbose");
    if (sql)
        args << QStringLiteral("--sql");
    // Alembic's own parser takes "-1" for an option too; "--" ends its options.
    if (needsTarget())
        args << QStringLiteral("--") << target;
    return args;
}

model::Result<AlembicProject> AlembicProject::open(const QString &directory)
{
    const QFileInfo folder(directory);
    if (!folder.isDir())
        return invalidRequest(
            QCoreApplication::translate("AlembicProject", "%1 is not a folder").arg(directory));
    const QFileInfo ini(QDir(folder.absoluteFilePath()).filePath(QStringLiteral("alembic.ini")));
    if (!ini.isFile())
        return invalidRequest(
            QCoreApplication::translate("AlembicProject",
                                        "%1 is not an Alembic project: it has no alembic.ini")
                .arg(directory));
    if (!ini.isReadable())
        return invalidRequest(QCoreApplication::translate("AlembicProject", "cannot read %1")
                                  .arg(ini.absoluteFilePath()));
    AlembicProject project;
    project.m_directory = QDir::cleanPath(folder.absoluteFilePath());
    project.m_iniPath = ini.absoluteFilePath();
    return project;
}

QString AlembicProject::name() const
{
    return QFileInfo(m_directory).fileName();
}

QString alembicUrl(const model::ConnectionSpec &spec)
{
    QString url = QStringLiteral("postgresql+psycopg2://");
    if (!spec.user.isEmpty())
        url += encoded(spec.user) + QLatin1Char('@');
    QStringList query;
    if (spec.isSocket()) {
        query << QStringLiteral("host=") + encoded(spec.host);
        if (spec.port > 0)
            query << QStringLiteral("port=%1").arg(spec.port);
    } else if (!spec.host.isEmpty()) {
        url += spec.host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(spec.host)
                                                    : encoded(spec.host);
        if (spec.port > 0)
            url += QStringLiteral(":%1").arg(spec.port);
    } else if (spec.port > 0) {
        query << QStringLiteral("port=%1").arg(spec.port);
    }
    url += QLatin1Char('/') + encoded(spec.database);
    if (!query.isEmpty())
        url += QLatin1Char('?') + query.join(QLatin1Char('&'));
    return url;
}

QProcessEnvironment alembicEnvironment(const model::ConnectionSpec &spec,
                                       const QString &applicationName, QProcessEnvironment base)
{
    // Settings of the user's own shell must not point Alembic at another server.
    for (const char *name : {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD",
                             "PGSERVICE", "PGAPPNAME"})
        base.remove(QLatin1String(name));
    if (!spec.password.isEmpty())
        base.insert(QStringLiteral("PGPASSWORD"), spec.password);
    if (!spec.sslMode.isEmpty())
        base.insert(QStringLiteral("PGSSLMODE"), spec.sslMode);
    const std::pair<const char *, const char *> passed[] = {
        {"service", "PGSERVICE"},   {"connect_timeout", "PGCONNECT_TIMEOUT"},
        {"options", "PGOPTIONS"},   {"sslrootcert", "PGSSLROOTCERT"},
        {"sslcert", "PGSSLCERT"},   {"sslkey", "PGSSLKEY"},
        {"passfile", "PGPASSFILE"}, {"target_session_attrs", "PGTARGETSESSIONATTRS"},
    };
    for (const auto &[keyword, variable] : passed) {
        const QString value = spec.options.value(QLatin1String(keyword));
        if (!value.isEmpty())
            base.insert(QLatin1String(variable), value);
    }
    base.insert(QStringLiteral("PGAPPNAME"), applicationName);
    base.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    base.insert(QStringLiteral("DBX_ALEMBIC_URL"), alembicUrl(spec));
    return base;
}

} // namespace dbx::migrations
