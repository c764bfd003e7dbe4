#include "migrations/alembicprocess.h"

#include "migrations/alembicerror.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QUuid>

namespace dbx::migrations {

namespace {

// Runs the Alembic program as its own entry point would, with two additions: the connection
// handed over as sqlalchemy.url (from the environment, so nothing is written into the project
// and the password is never on a command line), and one line per database SQLAlchemy connects
// to, so a project whose env.py builds its own URL can be told apart.
const char kBootstrap[] = R"PY(
import os, sys, runpy
url = os.environ.pop("DBX_ALEMBIC_URL", None)
program = sys.argv[1]
sys.argv = [program] + sys.argv[2:]
import alembic.config
_init = alembic.config.Config.__init__
def _init_with_url(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    if url is not None:
        self.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
alembic.config.Config.__init__ = _init_with_url
try:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    def _reached(dbapi_connection, record):
        info = getattr(dbapi_connection, "info", None)
        if info is not None:
            sys.stderr.write("DBX-ALEMBIC-REACHED\t%s\t%s\t%s\t%s\n"
                             % (info.host, info.port, info.user, info.dbname))
            sys.stderr.flush()
    event.listen(Engine, "connect", _reached)
except ImportError:
    pass
runpy.run_path(program, run_name="__main__")
)PY";

const QString kReached = QStringLiteral("DBX-ALEMBIC-REACHED\t");
constexpr int kKillAfterMs = 3000;

} // namespace

QString AlembicReach::describe() const
{
    const QString where = port > 0 ? QStringLiteral("%1:%2").arg(host).arg(port) : host;
    return AlembicProcess::tr("database %1 on %2 as %3").arg(database, where, user);
}

AlembicProcess::AlembicProcess(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<AlembicOutcome>();
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_process)
            m_process->kill();
    });
}

AlembicProcess::~AlembicProcess()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(kKillAfterMs);
    }
}

void AlembicProcess::start(const AlembicProject &project, const AlembicTool &tool,
                           const model::ConnectionSpec &spec, const AlembicCommand &command)
{
    Q_ASSERT(m_done);
    if (m_process)
        m_process->deleteLater();
    m_outcome = {};
    m_command = command;
    m_tool = tool;
    m_pending[0].clear();
    m_pending[1].clear();
    m_cancelRequested = false;
    m_done = false;
    m_applicationName = QStringLiteral("DB Explorer (alembic %1)")
                            .arg(QUuid::createUuid().toString(QUuid::WithoutBraces).left(8));
    if (!QFileInfo(tool.program).isFile()) {
        m_done = true;
        m_outcome.error = model::DbError::plain(
            tr("The Alembic program %1 does not exist. Install Debian's alembic or choose "
               "another program in the Alembic settings.")
                .arg(tool.program));
        emit finished(m_outcome);
        return;
    }
    m_process = new QProcess(this);
    m_process->setWorkingDirectory(project.directory());
    m_process->setProcessEnvironment(alembicEnvironment(spec, m_applicationName));
    connect(m_process, &QProcess::readyReadStandardOutput, this,
            [this] { readChannel(QProcess::StandardOutput); });
    connect(m_process, &QProcess::readyReadStandardError, this,
            [this] { readChannel(QProcess::StandardError); });
    connect(m_process, &QProcess::finished, this, &AlembicProcess::finish);
    connect(m_process, &QProcess::errorOccurred, this, &AlembicProcess::failToStart);
    const QStringList args = QStringList{QStringLiteral("-c"), QString::fromUtf8(kBootstrap),
                                         tool.program, QStringLiteral("-c"), project.iniPath()} +
                             command.arguments();
    emit logLine({LogLine::Level::Info,
                  tr("alembic %1 in %2")
                      .arg(command.arguments().join(QLatin1Char(' ')), project.directory()),
                  {}});
    m_process->start(tool.interpreter, args);
}

void AlembicProcess::cancel()
{
    if (!isRunning())
        return;
    m_cancelRequested = true;
    emit logLine({LogLine::Level::Warning, tr("Stopping Alembic…"), {}});
    m_process->terminate();
    m_killTimer.start(kKillAfterMs);
}

bool AlembicProcess::isRunning() const
{
    return !m_done;
}

void AlembicProcess::readChannel(QProcess::ProcessChannel channel)
{
    m_process->setReadChannel(channel);
    QByteArray &pending = m_pending[channel == QProcess::StandardError ? 1 : 0];
    pending += m_process->readAll();
    qsizetype end;
    while ((end = pending.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(pending.left(end)).remove(QLatin1Char('\r'));
        pending.remove(0, end + 1);
        emitLine(channel, line);
    }
}

void AlembicProcess::emitLine(QProcess::ProcessChannel channel, const QString &line)
{
    if (channel == QProcess::StandardOutput) {
        m_outcome.output += line + QLatin1Char('\n');
        emit outputLine(true, line);
        emit logLine({m_command.sql ? LogLine::Level::Sql : LogLine::Level::Info, line, {}});
        return;
    }
    if (line.startsWith(kReached)) {
        const QStringList parts = line.mid(kReached.size()).split(QLatin1Char('\t'));
        AlembicReach reach{parts.value(0), parts.value(1).toInt(), parts.value(2), parts.value(3)};
        m_outcome.reached << reach;
        emit logLine(
            {LogLine::Level::Info, tr("Alembic connected to %1.").arg(reach.describe()), {}});
        return;
    }
    m_outcome.errors += line + QLatin1Char('\n');
    emit outputLine(false, line);
    const bool info = line.startsWith(QLatin1String("INFO "));
    emit logLine({info ? LogLine::Level::Info : LogLine::Level::Warning, line, {}});
}

void AlembicProcess::finish(int exitCode, QProcess::ExitStatus status)
{
    if (m_done)
        return;
    m_killTimer.stop();
    readChannel(QProcess::StandardOutput);
    readChannel(QProcess::StandardError);
    for (int i = 0; i < 2; ++i) {
        if (!m_pending[i].isEmpty())
            emitLine(i ? QProcess::StandardError : QProcess::StandardOutput,
                     QString::fromUtf8(std::exchange(m_pending[i], {})));
    }
    m_done = true;
    m_outcome.exitCode = status == QProcess::NormalExit ? exitCode : -1;
    m_outcome.cancelled = m_cancelRequested;
    m_outcome.ok = !m_cancelRequested && status == QProcess::NormalExit && exitCode == 0;
    if (m_outcome.cancelled)
        m_outcome.error = model::DbError::cancelled();
    else if (!m_outcome.ok)
        m_outcome.error =
            explainAlembicFailure(m_outcome.errors + m_outcome.output, m_tool, m_outcome.exitCode);
    emit finished(m_outcome);
}

void AlembicProcess::failToStart(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || m_done)
        return;
    m_done = true;
    m_outcome.ok = false;
    m_outcome.error = model::DbError::plain(
        tr("Cannot start the Python interpreter %1: %2. Choose another one in the Alembic "
           "settings.")
            .arg(m_tool.interpreter, m_process->errorString()));
    emit finished(m_outcome);
}

AlembicOutcome AlembicProcess::runToEnd(const AlembicProject &project, const AlembicTool &tool,
                                        const model::ConnectionSpec &spec,
                                        const AlembicCommand &command,
                                        const std::function<void(bool, const QString &)> &print)
{
    AlembicProcess process;
    AlembicOutcome outcome;
    QEventLoop loop;
    connect(&process, &AlembicProcess::outputLine, &loop,
            [&print](bool standardOutput, const QString &text) {
                if (print)
                    print(standardOutput, text);
            });
    connect(&process, &AlembicProcess::finished, &loop, [&](const AlembicOutcome &result) {
        outcome = result;
        loop.quit();
    });
    process.start(project, tool, spec, command);
    if (process.isRunning())
        loop.exec();
    return outcome;
}

} // namespace dbx::migrations

namespace dbx::migrations {

bool reachedOpenDatabase(const AlembicReach &reach, const model::ConnectionSpec &spec,
                         const QString &database)
{
    const auto clean = [](QString host) {
        while (host.size() > 1 && host.endsWith(QLatin1Char('/')))
            host.chop(1);
        return host;
    };
    if (!database.isEmpty() && reach.database != database)
        return false;
    if (!spec.host.isEmpty() && clean(reach.host) != clean(spec.host))
        return false;
    return spec.port <= 0 || reach.port == spec.port;
}

} // namespace dbx::migrations
