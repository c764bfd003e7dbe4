// The built-in demo on a server of its own, as the application runs it: opened again after its
// migrations were run down to base and up to head (which leaves the tables empty), it offers
// to load the demo rows again, and does so when the user accepts.

#include "migrations/demoschema.h"
#include "migrations/migrationrunner.h"
#include "migrations/revisionsource.h"
#include "model/connection/connectionstore.h"
#include "model/connection/connector.h"
#include "model/db/database.h"
#include "model/server/demoserver.h"
#include "testcluster.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace dbx;

class TestDemoReload : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    QString m_root;
    std::unique_ptr<model::DemoServer> m_demo;
    std::unique_ptr<model::ConnectionStore> m_store;
    std::unique_ptr<model::Database> m_database;
    std::unique_ptr<ui::ConnectionController> m_connections;
    std::unique_ptr<ui::MainWindow> m_window;

    int workers()
    {
        const QString name = model::Connector::uniqueName(QStringLiteral("reload-test"));
        int count = -1;
        {
            auto db = model::Connector::open(m_demo->spec(), name);
            QSqlQuery query(db ? db.value() : QSqlDatabase());
            if (db && query.exec(QStringLiteral("SELECT count(*) FROM workers")) && query.next())
                count = query.value(0).toInt();
        }
        model::Connector::close(name);
        return count;
    }

    bool openDemo()
    {
        QSignalSpy loaded(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded);
        m_connections->openDemo(true);
        return loaded.wait(60000);
    }

    static QMessageBox *offer()
    {
        for (QWidget *w : QApplication::topLevelWidgets())
            if (w->objectName() == QLatin1String("demoRowsOffer") && w->isVisible())
                return qobject_cast<QMessageBox *>(w);
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        m_root = QStringLiteral("%1/reload-%2").arg(test::TestCluster::testRoot()).arg(::getpid());
        QDir(m_root).removeRecursively();
        model::LocalServer::Config config;
        config.rootDir = m_root;
        config.durable = false;
        m_demo = std::make_unique<model::DemoServer>(config, migrations::installDemoSchema);
        m_store = std::make_unique<model::ConnectionStore>();
        m_database = std::make_unique<model::Database>();
        m_connections = std::make_unique<ui::ConnectionController>(m_database.get(), m_demo.get(),
                                                                   m_store.get());
        m_window = std::make_unique<ui::MainWindow>(m_database.get(), m_connections.get());
        m_connections->setDialogParent(m_window.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_connections.reset();
        m_database.reset();
        m_demo.reset(); // stops the server it started
        QDir(m_root).removeRecursively();
    }

    void aFreshDemoOffersNothing()
    {
        QVERIFY(openDemo());
        QCOMPARE(workers(), 10);
        QTest::qWait(200);
        QVERIFY(!offer());
    }

    void emptiedDemoOffersItsRowsBack()
    {
        m_connections->disconnectFromServer();
        QTRY_COMPARE(m_database->state(), model::Database::State::Disconnected);
        const QString name = model::Connector::uniqueName(QStringLiteral("reload-runner"));
        {
            auto db = model::Connector::open(m_demo->spec(), name);
            QVERIFY2(db, qPrintable(db.error().message));
            const auto graph = migrations::RevisionSource::loadEmbedded();
            migrations::MigrationRunner runner(db.value(), graph.value());
            QVERIFY(
                runner.run(migrations::MigrationPlan::Action::Downgrade, QStringLiteral("base")));
            QVERIFY(runner.run(migrations::MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        }
        model::Connector::close(name);
        QCOMPARE(workers(), 0);

        QVERIFY(openDemo());
        QTRY_VERIFY(offer());
        QSignalSpy reloaded(m_connections.get(), &ui::ConnectionController::demoRowsReloaded);
        QSignalSpy schema(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded);
        offer()->findChild<QPushButton *>(QStringLiteral("loadDemoRows"))->click();
        QVERIFY(reloaded.wait(20000));
        QCOMPARE(workers(), 10);
        QVERIFY(schema.wait(10000)); // read again: the estimates are the new rows'
    }
};

QTEST_MAIN(TestDemoReload)
#include "tst_demoreload.moc"
