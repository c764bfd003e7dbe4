// The whole path of a schema change a new user makes in the application, through real widgets
// offscreen against the private cluster: on the demo database they add workers.email, a skills
// table with a many-to-many to workers and a new workload label from the schema tree's context
// menus (Run Now), find the drift in the Migrations panel, press Generate Revision, review and
// save. Then `dbexplorer migrate upgrade head` on an empty database gives exactly the changed
// schema and one step down exactly the old one.

#include "printcapture.h"
#include "schemacatalog.h"
#include "schematree.h"
#include "testcluster.h"

#include "app/migratecommand.h"
#include "migrations/autogenerate.h"
#include "migrations/autogenerateservice.h"
#include "migrations/migrationservice.h"
#include "model/catalog/schematreemodel.h"
#include "model/db/database.h"
#include "ui/migrations/autogenerateactions.h"
#include "ui/migrations/generaterevisiondialog.h"
#include "ui/migrations/migrationactions.h"
#include "ui/migrations/migrationspanel.h"
#include "ui/schema/enumlabelform.h"
#include "ui/schema/schemachangedialog.h"
#include "ui/schema/schemachangeforms.h"
#include "ui/schema/schemaeditor.h"
#include "ui/schema/schemapane.h"
#include "ui/translations.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace dbx;
using Node = model::SchemaTreeModel::NodeKind;
using test::TestCluster;

namespace {

const QString Demo = QStringLiteral("rg_demo");   // the user's database, changed in the app
const QString Before = QStringLiteral("rg_old");  // the demo as the revisions leave it
const QString Empty = QStringLiteral("rg_empty"); // where the saved revisions are run

QString connection(const QString &database)
{
    return TestCluster::instance().directSpec(database).toKeywordString();
}

int migrate(const QStringList &args)
{
    test::PrintCapture::clear();
    return app::runMigrateCommand(QStringList{QStringLiteral("dbexplorer migrate")} + args);
}

QStringList factsOf(const QString &database)
{
    return test::schemaFacts(TestCluster::instance().open(database));
}

// "column workers.email: in the database, not in the revisions", in the language in use.
QString onlyInDatabase(const QString &kind, const QString &name)
{
    migrations::SchemaDifference d;
    d.kind = kind;
    d.name = name;
    d.side = migrations::SchemaDifference::Side::OnlyInTarget;
    return d.describe(migrations::Autogenerate::databaseSide(),
                      migrations::Autogenerate::revisionsSide());
}

// Saves a picture of `widget` for the README when asked (DBX_SCREENSHOT_DIR, under xvfb-run),
// named for the language (DBX_SCREENSHOT_LANG, English when unset).
void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("DBX_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    const QString lang = qEnvironmentVariable("DBX_SCREENSHOT_LANG");
    const QString suffix = lang.isEmpty() || lang == QLatin1String("en") ? QString() : u'-' + lang;
    QVERIFY(widget->grab().save(dir + u'/' + name + suffix + QStringLiteral(".png")));
}

} // namespace

class TestRevisionFromGui : public QObject {
    Q_OBJECT

private:
    model::Database m_database;
    migrations::MigrationService m_service{&m_database};
    QWidget m_window;
    ui::MigrationActions *m_actions = new ui::MigrationActions(&m_service, &m_window);
    ui::SchemaPane *m_pane = nullptr;
    ui::MigrationsPanel *m_panel = nullptr;
    QTemporaryDir m_folder;

    // The dialog of the context-menu entry `action` on the tree node.
    ui::SchemaChangeDialog *choose(Node kind, const QString &node, const QString &action)
    {
        if (!test::reloadSchema(*m_pane) ||
            !test::onSchemaMenu(*m_pane, node, kind, test::triggerEntry(action)))
            return nullptr;
        return m_pane->editor()->dialog();
    }

    // Run Now, as the user would when changing the database first and writing the revision
    // afterwards; true once the change committed and the dialog closed.
    static bool runNow(ui::SchemaChangeDialog *dialog)
    {
        QPointer<ui::SchemaChangeDialog> alive(dialog);
        QTest::mouseClick(dialog->runNowButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return alive.isNull(); }, 15000)) {
            qWarning("still open: %s", qPrintable(dialog->errorText()));
            return false;
        }
        return true;
    }

    static void addRow(ui::CreateTableForm *form, const QString &name, const QString &type,
                       bool primaryKey)
    {
        const int row = form->addColumn();
        form->columns()->item(row, 0)->setText(name);
        qobject_cast<QComboBox *>(form->columns()->cellWidget(row, 1))->setCurrentText(type);
        form->columns()->item(row, 2)->setCheckState(Qt::Checked);
        form->columns()->item(row, 4)->setCheckState(primaryKey ? Qt::Checked : Qt::Unchecked);
    }

    bool addForeignKey(const QString &column, const QString &referenced)
    {
        ui::SchemaChangeDialog *dialog = choose(Node::Table, QStringLiteral("worker_skills"),
                                                QStringLiteral("schemaAddForeignKey"));
        auto *form = dialog ? qobject_cast<ui::KeyForm *>(dialog->form()) : nullptr;
        if (!form)
            return false;
        const auto matches = form->columnList()->findItems(column, Qt::MatchExactly);
        if (matches.size() != 1)
            return false;
        matches.first()->setCheckState(Qt::Checked);
        auto *table = form->findChild<QComboBox *>(QStringLiteral("referencedTable"));
        table->setCurrentIndex(table->findData(QStringList{QStringLiteral("public"), referenced}));
        form->findChild<QComboBox *>(QStringLiteral("onDelete"))
            ->setCurrentText(QStringLiteral("CASCADE"));
        return runNow(dialog);
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QVERIFY(m_folder.isValid());
        // Every check below holds in either language: the README's Russian pictures come
        // from the same run.
        if (const QString lang = qEnvironmentVariable("DBX_SCREENSHOT_LANG"); !lang.isEmpty())
            ui::installTranslations(lang);
        auto &cluster = TestCluster::instance();
        for (const QString &name : {Demo, Before, Empty})
            QVERIFY(cluster.recreateDatabase(name));
        QString error;
        QVERIFY2(m_actions->autogenerate()->copyBuiltInRevisions(m_folder.path(), &error),
                 qPrintable(error));
        const QStringList where{QStringLiteral("--migrations"), m_folder.path()};
        for (const QString &name : {Demo, Before})
            QCOMPARE(migrate(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} +
                             where + QStringList{connection(name)}),
                     0);
        migrations::AutogenerateOptions options;
        options.shadow.where = migrations::ShadowOptions::Where::SameServer;
        m_actions->autogenerate()->service()->setOptions(options);

        m_pane = new ui::SchemaPane(&m_database, &m_window);
        m_pane->editor()->setMigrationService(&m_service);
        m_panel = new ui::MigrationsPanel(m_actions, &m_window);
        auto *layout = new QHBoxLayout(&m_window);
        layout->addWidget(m_pane, 1);
        layout->addWidget(m_panel, 2);
        m_window.resize(1366, 768);
        m_window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_window));
        m_database.connectTo(cluster.directSpec(Demo));
        QTRY_COMPARE_WITH_TIMEOUT(m_database.state(), model::Database::State::Connected, 15000);
    }

    void changesMadeInTheApp()
    {
        // workers.email
        ui::SchemaChangeDialog *dialog =
            choose(Node::Table, QStringLiteral("workers"), QStringLiteral("schemaAddColumn"));
        QVERIFY(dialog);
        // The demo is managed by revisions: saving one is what the dialog offers first.
        QVERIFY(dialog->saveRevisionButton()->isDefault());
        auto *column = qobject_cast<ui::ColumnForm *>(dialog->form());
        QTest::keyClicks(column->nameEdit(), QStringLiteral("email"));
        column->typeEdit()->setCurrentText(QStringLiteral("varchar(256)"));
        QVERIFY(runNow(dialog));

        // skills, and worker_skills between it and workers
        dialog =
            choose(Node::Table, QStringLiteral("workers"), QStringLiteral("schemaCreateTable"));
        QVERIFY(dialog);
        auto *table = qobject_cast<ui::CreateTableForm *>(dialog->form());
        QTest::keyClicks(table->nameEdit(), QStringLiteral("skills"));
        addRow(table, QStringLiteral("title"), QStringLiteral("text"), false);
        QVERIFY(runNow(dialog));
        dialog =
            choose(Node::Table, QStringLiteral("workers"), QStringLiteral("schemaCreateTable"));
        QVERIFY(dialog);
        table = qobject_cast<ui::CreateTableForm *>(dialog->form());
        QTest::keyClicks(table->nameEdit(), QStringLiteral("worker_skills"));
        table->columns()->item(0, 0)->setText(QStringLiteral("worker_id"));
        qobject_cast<QComboBox *>(table->columns()->cellWidget(0, 1))
            ->setCurrentText(QStringLiteral("integer"));
        addRow(table, QStringLiteral("skill_id"), QStringLiteral("integer"), true);
        QVERIFY2(
            dialog->ddl().contains(QStringLiteral("PRIMARY KEY (\"worker_id\", \"skill_id\")")),
            qPrintable(dialog->ddl()));
        screenshot(dialog, QStringLiteral("create-table"));
        QVERIFY(runNow(dialog));
        QVERIFY(addForeignKey(QStringLiteral("worker_id"), QStringLiteral("workers")));
        QVERIFY(addForeignKey(QStringLiteral("skill_id"), QStringLiteral("skills")));

        // a new workload label, after the last one
        dialog =
            choose(Node::Enum, QStringLiteral("workload"), QStringLiteral("schemaAddEnumLabel"));
        QVERIFY(dialog);
        auto *label = qobject_cast<ui::EnumLabelForm *>(dialog->form());
        QVERIFY(label);
        QTest::keyClicks(label->labelEdit(), QStringLiteral("shifts"));
        screenshot(dialog, QStringLiteral("add-label"));
        QVERIFY(runNow(dialog));
        QVERIFY(factsOf(Demo) != factsOf(Before));
    }

    void generateReviewAndSave()
    {
        auto *message = m_window.findChild<QLabel *>(QStringLiteral("driftMessage"));
        QTest::mouseClick(m_window.findChild<QPushButton *>(QStringLiteral("driftCheck")),
                          Qt::LeftButton);
        auto *generate = m_window.findChild<QPushButton *>(QStringLiteral("driftGenerate"));
        QTRY_VERIFY_WITH_TIMEOUT(generate->isVisible(), 60000);
        const QStringList lines = message->toolTip().split(u'\n');
        for (const QString &line :
             {onlyInDatabase(QStringLiteral("column"), QStringLiteral("workers.email")),
              onlyInDatabase(QStringLiteral("table"), QStringLiteral("skills")),
              onlyInDatabase(QStringLiteral("table"), QStringLiteral("worker_skills"))})
            QVERIFY2(lines.contains(line), qPrintable(message->toolTip()));
        // "enum workload: parttime, fulltime, shifts in the database, ..." (the labels changed)
        const QString enumLine =
            onlyInDatabase(QStringLiteral("enum"), QStringLiteral("workload")).section(u':', 0, 0);
        QVERIFY2(std::any_of(lines.begin(), lines.end(),
                             [&](const QString &l) { return l.startsWith(enumLine + u':'); }),
                 qPrintable(message->toolTip()));
        QTest::mouseClick(generate, Qt::LeftButton);
        QPointer<ui::GenerateRevisionDialog> dialog = m_actions->autogenerate()->dialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *save = dialog->findChild<QPushButton *>(QStringLiteral("generateSave"));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("generateMessage")),
                         QStringLiteral("email, skills, shifts"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("generateCompare")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(save->isEnabled(), 60000);
        const QString sql =
            dialog->findChild<QPlainTextEdit *>(QStringLiteral("generatedSql"))->toPlainText();
        for (const char *statement :
             {"ALTER TABLE \"public\".\"workers\" ADD COLUMN \"email\" character varying(256);",
              "CREATE TABLE \"public\".\"worker_skills\" (",
              "ALTER TYPE \"public\".\"workload\" ADD VALUE 'shifts' AFTER 'fulltime';",
              "FOREIGN KEY (worker_id) REFERENCES workers(id) ON DELETE CASCADE;"})
            QVERIFY2(sql.contains(QLatin1String(statement)), qPrintable(sql));
        screenshot(dialog, QStringLiteral("generate-revision"));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 30000);
        QTRY_VERIFY(m_service.hasStatus() &&
                    m_service.status().current == m_service.graph().heads());
    }

    void upgradeAnEmptyDatabase()
    {
        const QStringList where{QStringLiteral("--migrations"), m_folder.path()};
        QCOMPARE(migrate(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + where +
                         QStringList{connection(Empty)}),
                 0);
        QCOMPARE(factsOf(Empty), factsOf(Demo));
        QCOMPARE(migrate(QStringList{QStringLiteral("downgrade"), QStringLiteral("-1")} + where +
                         QStringList{connection(Empty)}),
                 0);
        QCOMPARE(factsOf(Empty), factsOf(Before));
        // The changed database was stamped at the new revision: no drift is left.
        QCOMPARE(
            migrate(QStringList{QStringLiteral("check"), QStringLiteral("--shadow-same-server")} +
                    where + QStringList{connection(Demo)}),
            0);
    }
};

QTEST_MAIN(TestRevisionFromGui)
#include "tst_revisionfromgui.moc"
