// Generate Revision and the drift banner in the migrations panel, driven through their widgets
// against a real database: drift found by the banner, the review dialog showing the SQL, the
// data-loss warning and the rename choice, Save writing the file into the folder and stamping
// the database, and the banner clear afterwards.

#include "testcluster.h"

#include "migrations/autogenerateservice.h"
#include "migrations/migrationrunner.h"
#include "migrations/migrationservice.h"
#include "migrations/revisionsource.h"
#include "model/db/database.h"
#include "ui/migrations/autogenerateactions.h"
#include "ui/migrations/generaterevisiondialog.h"
#include "ui/migrations/migrationactions.h"
#include "ui/migrations/migrationspanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QVBoxLayout>
#include <QtTest>

using namespace dbx;
using test::TestCluster;

namespace {

const QString Db = QStringLiteral("gr_demo");

QStringList items(const QListWidget *list)
{
    QStringList lines;
    for (int i = 0; i < list->count(); ++i)
        lines << list->item(i)->text();
    return lines;
}

} // namespace

class TestGenerateRevision : public QObject {
    Q_OBJECT

private:
    model::Database m_database;
    migrations::MigrationService m_service{&m_database};
    QWidget m_window;
    ui::MigrationActions *m_actions = new ui::MigrationActions(&m_service, &m_window);
    ui::MigrationsPanel *m_panel = nullptr;
    QTemporaryDir m_folder;

    template <typename T> T *find(const char *name) const
    {
        return m_window.findChild<T *>(QLatin1String(name));
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(Db));
        {
            QSqlDatabase db = cluster.open(Db);
            migrations::MigrationRunner runner(db,
                                               migrations::RevisionSource::loadEmbedded().value());
            QVERIFY(runner.run(migrations::MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        }
        // The user's changes, made in the console.
        QVERIFY(
            cluster.exec(Db, QStringLiteral("ALTER TABLE workers ADD COLUMN email varchar(256);\n"
                                            "ALTER TABLE vacancies DROP COLUMN compensation;\n")));
        migrations::AutogenerateOptions options;
        options.shadow.where = migrations::ShadowOptions::Where::SameServer;
        m_actions->autogenerate()->service()->setOptions(options);
        QString error;
        QVERIFY2(m_actions->autogenerate()->copyBuiltInRevisions(m_folder.path(), &error),
                 qPrintable(error));
        QCOMPARE(m_service.revisionDirectory(), m_folder.path());

        m_panel = new ui::MigrationsPanel(m_actions, &m_window);
        auto *layout = new QVBoxLayout(&m_window);
        layout->addWidget(m_panel);
        m_window.resize(1024, 700);
        m_window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_window));
        m_database.connectTo(cluster.directSpec(Db));
        QTRY_COMPARE_WITH_TIMEOUT(m_database.state(), model::Database::State::Connected, 15000);
    }

    void bannerFindsDrift()
    {
        auto *check = find<QPushButton>("driftCheck");
        auto *generate = find<QPushButton>("driftGenerate");
        auto *message = find<QLabel>("driftMessage");
        QVERIFY(check && generate && message);
        QVERIFY(!generate->isVisible());
        QTest::mouseClick(check, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QLatin1String("drifted")), 60000);
        QVERIFY(message->text().contains(QLatin1String("2 difference")));
        QVERIFY2(message->toolTip().contains(
                     QLatin1String("column workers.email: in the database, not in the revisions")),
                 qPrintable(message->toolTip()));
        QVERIFY(generate->isVisible());
    }

    void reviewAndSave()
    {
        QTest::mouseClick(find<QPushButton>("driftGenerate"), Qt::LeftButton);
        QPointer<ui::GenerateRevisionDialog> dialog = m_actions->autogenerate()->dialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *save = dialog->findChild<QPushButton *>(QStringLiteral("generateSave"));
        auto *sql = dialog->findChild<QPlainTextEdit *>(QStringLiteral("generatedSql"));
        auto *warnings = dialog->findChild<QListWidget *>(QStringLiteral("generatedWarnings"));
        auto *state = dialog->findChild<QLabel *>(QStringLiteral("generateState"));
        QVERIFY(!save->isEnabled());
        // No message: refused before anything starts.
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("generateCompare")),
                          Qt::LeftButton);
        QVERIFY(state->text().contains(QLatin1String("message")));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("generateMessage")),
                         QStringLiteral("worker emails"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("generateCompare")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(save->isEnabled(), 60000);
        const QString text = sql->toPlainText();
        QVERIFY2(
            text.contains(QLatin1String(
                "ALTER TABLE \"public\".\"workers\" ADD COLUMN \"email\" character varying(256);")),
            qPrintable(text));
        QVERIFY(text.contains(QLatin1String("-- message: worker emails")));
        QVERIFY2(items(warnings)
                     .join(QLatin1Char('\n'))
                     .contains(QLatin1String("column vacancies.compensation is dropped")),
                 qPrintable(items(warnings).join(QLatin1Char('\n'))));
        QVERIFY(state->text().startsWith(QLatin1String("Verified in")));
        if (const QByteArray dir = qgetenv("DBX_SCREENSHOT_DIR"); !dir.isEmpty())
            dialog->grab().save(QString::fromLocal8Bit(dir) +
                                QStringLiteral("/generate-revision.png"));

        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 30000);
        QCOMPARE(QDir(m_folder.path()).entryList({QStringLiteral("*.sql")}).size(), 6);
        QTRY_COMPARE(m_service.graph().revisions().size(), 6);
        // Stamped: the status read again shows the new head as the current revision.
        QTRY_VERIFY(m_service.hasStatus() &&
                    m_service.status().current == m_service.graph().heads());
        QVERIFY(!find<QPushButton>("driftGenerate")->isVisible());
    }

    void noDriftAfterSaving()
    {
        auto *message = find<QLabel>("driftMessage");
        QTest::mouseClick(find<QPushButton>("driftCheck"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            message->text() == QLatin1String("The database equals what its revisions produce."),
            60000);
    }
};

QTEST_MAIN(TestGenerateRevision)
#include "tst_generaterevision.moc"
