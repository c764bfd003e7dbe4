// LocalServer against real PostgreSQL binaries: creating, starting, reusing, stopping and
// restarting a private cluster, and the errors a user can run into.

#include "model/connection/connector.h"
#include "model/server/localserver.h"
#include "testcluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QtTest>

#include <unistd.h>

using dbx::model::LocalServer;

class TestLocalServer : public QObject {
    Q_OBJECT

private:
    QString freshRoot(const QString &tag)
    {
        const QString root = QStringLiteral("%1/ls-%2-%3")
                                 .arg(dbx::test::TestCluster::testRoot(), tag)
                                 .arg(::getpid());
        QDir(root).removeRecursively();
        m_roots << root;
        return root;
    }

    static LocalServer::Config config(const QString &root)
    {
        LocalServer::Config c;
        c.rootDir = root;
        c.durable = false;
        return c;
    }

    static int queryOne(const dbx::model::ConnectionSpec &spec)
    {
        const QString name = dbx::model::Connector::uniqueName(QStringLiteral("ls-test"));
        int value = -1;
        {
            auto db = dbx::model::Connector::open(spec, name);
            if (db) {
                QSqlQuery query(db.value());
                if (query.exec(QStringLiteral("SELECT 41 + 1")) && query.next())
                    value = query.value(0).toInt();
            } else {
                qWarning("%s", qPrintable(db.error().message));
            }
        }
        dbx::model::Connector::close(name);
        return value;
    }

    QStringList m_roots;

private slots:
    void cleanupTestCase()
    {
        for (const QString &root : std::as_const(m_roots)) {
            LocalServer server(config(root));
            server.stop();
            QDir(root).removeRecursively();
        }
    }

    void findsServerPrograms()
    {
        const auto bin = LocalServer::findBinDir();
        QVERIFY2(bin.ok(), qPrintable(bin.error().message));
        QVERIFY(LocalServer::isServerBinDir(bin.value()));
        QVERIFY(!LocalServer::isServerBinDir(QStringLiteral("/usr/bin/nonexistent")));
    }

    void startStopRestart()
    {
        const QString root = freshRoot(QStringLiteral("cycle"));
        LocalServer server(config(root));
        QVERIFY(!server.isInitialized());
        QElapsedTimer timer;
        timer.start();
        const auto started = server.start();
        QVERIFY2(started.ok(),
                 qPrintable(started.error().message + u'\n' + started.error().detail));
        qInfo("first start (initdb + start): %lld ms", timer.elapsed());
        QVERIFY(server.isInitialized());
        QVERIFY(server.isRunning());
        QVERIFY(server.startedByUs());
        QCOMPARE(queryOne(server.connectionSpec()), 42);

        // A second instance on the same directory finds the running server and reuses it.
        LocalServer again(config(root));
        QVERIFY(again.start().ok());
        QVERIFY(!again.startedByUs());
        QCOMPARE(queryOne(again.connectionSpec()), 42);

        QVERIFY(server.stop().ok());
        QVERIFY(!server.isRunning());
        QVERIFY(!QFileInfo::exists(server.dataDir() + QStringLiteral("/postmaster.pid")));
        QVERIFY(server.stop().ok()); // stopping a stopped server is fine

        timer.restart();
        QVERIFY(server.start().ok());
        qInfo("restart on an existing cluster: %lld ms", timer.elapsed());
        QVERIFY(server.startedByUs());
        QCOMPARE(queryOne(server.connectionSpec()), 42);
        QVERIFY(server.stop().ok());
    }

    void socketDirectoryIsPrivate()
    {
        const QString root = freshRoot(QStringLiteral("perm"));
        LocalServer server(config(root));
        QVERIFY(server.start().ok());
        const QFileInfo socketDir(server.socketDir());
        QCOMPARE(socketDir.permissions() &
                     (QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther),
                 QFileDevice::Permissions());
        QVERIFY(server.stop().ok());
    }

    void refusesBadBinDir()
    {
        LocalServer::Config c = config(freshRoot(QStringLiteral("bin")));
        c.binDir = QStringLiteral("/usr/share");
        LocalServer server(c);
        const auto status = server.start();
        QVERIFY(!status.ok());
        QCOMPARE(status.error().kind, dbx::model::DbError::Kind::LocalServer);
        QVERIFY2(status.error().message.contains(QLatin1String("/usr/share")),
                 qPrintable(status.error().message));
    }

    void refusesUnwritableDirectory()
    {
        LocalServer server(config(QStringLiteral("/proc/dbx-cannot-exist/server")));
        const auto status = server.start();
        QVERIFY(!status.ok());
        QVERIFY2(status.error().message.contains(QLatin1String("Cannot create")),
                 qPrintable(status.error().message));
    }

    void refusesForeignDataDirectory()
    {
        const QString root = freshRoot(QStringLiteral("foreign"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/data")));
        QFile stray(root + QStringLiteral("/data/notes.txt"));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.write("not a cluster");
        stray.close();
        LocalServer server(config(root));
        const auto status = server.start();
        QVERIFY(!status.ok());
        QVERIFY2(status.error().message.contains(QLatin1String("does not hold a PostgreSQL")),
                 qPrintable(status.error().message));
        QVERIFY(QFileInfo::exists(stray.fileName())); // nothing of the user's was touched
    }

    void reportsBusySocket()
    {
        const QString rootA = freshRoot(QStringLiteral("busy-a"));
        LocalServer a(config(rootA));
        QVERIFY(a.start().ok());
        LocalServer::Config other = config(freshRoot(QStringLiteral("busy-b")));
        other.socketDir = a.socketDir(); // same socket directory and port: a clash
        LocalServer b(other);
        const auto status = b.start();
        QVERIFY(!status.ok());
        QVERIFY2(status.error().message.contains(QLatin1String("in use")) ||
                     status.error().message.contains(QLatin1String("busy")),
                 qPrintable(status.error().message));
        QVERIFY(a.isRunning()); // the first server is unharmed
        QCOMPARE(queryOne(a.connectionSpec()), 42);
        QVERIFY(a.stop().ok());
    }

    void refusesOverlongSocketPath()
    {
        LocalServer::Config c = config(freshRoot(QStringLiteral("long")));
        c.socketDir = QStringLiteral("/tmp/") + QString(120, QLatin1Char('s'));
        LocalServer server(c);
        const auto status = server.start();
        QVERIFY(!status.ok());
        QVERIFY2(status.error().message.contains(QLatin1String("too long")),
                 qPrintable(status.error().message));
    }

    void longRootFallsBackToShortSocket()
    {
        const QString root = freshRoot(QString(70, QLatin1Char('r')));
        LocalServer server(config(root));
        QVERIFY(!server.socketDir().startsWith(root));
        QVERIFY(QFile::encodeName(server.socketDir()).size() < 60);
        QVERIFY(server.start().ok());
        QCOMPARE(queryOne(server.connectionSpec()), 42);
        QVERIFY(server.stop().ok());
        QDir(server.socketDir()).removeRecursively();
    }
};

QTEST_GUILESS_MAIN(TestLocalServer)
#include "tst_localserver.moc"
