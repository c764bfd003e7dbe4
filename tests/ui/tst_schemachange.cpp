// Schema changes from the schema tree's context menu, offscreen against a database of the
// private cluster: Create Table run now, Add Column saved as a revision and then run up and
// down by the migrations runner, a failing Run Now that changes nothing, and the entries
// disabled with the reason on a read-only database. Also the DDL of each kind of change.

#include "migrations/migrationservice.h"
#include "migrations/schemaedit.h"
#include "model/db/database.h"
#include "schematree.h"
#include "testcluster.h"
#include "ui/schema/enumlabelform.h"
#include "ui/schema/schemachangedialog.h"
#include "ui/schema/schemachangeforms.h"
#include "ui/schema/schemaeditor.h"
#include "ui/schema/schemapane.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace dbx;
using migrations::ColumnDef;
using migrations::SchemaEdit;

namespace {

const QString Database = QStringLiteral("schemachange_db");
const QString ReadOnly = QStringLiteral("schemachange_ro");

// The columns of a table as "name type notnull default", in order, read from the catalog.
QStringList columnsOf(const QString &database, const QString &table)
{
    QSqlQuery query(test::TestCluster::instance().open(database));
    query.prepare(QStringLiteral(
        "SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull "
        "|| ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-') FROM pg_attribute a "
        "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY a.attnum"));
    query.addBindValue(table);
    QStringList out;
    if (query.exec())
        while (query.next())
            out << query.value(0).toString();
    return out;
}

} // namespace

class TestSchemaChange : public QObject {
    Q_OBJECT

private:
    model::Database m_database;
    migrations::MigrationService m_service{&m_database};
    std::unique_ptr<ui::SchemaPane> m_dock;
    QTemporaryDir m_folder;

    bool connectAndShow(model::Database &database, ui::SchemaPane &dock, const QString &name)
    {
        QSignalSpy connected(&database, &model::Database::connected);
        database.connectTo(test::TestCluster::instance().spec(name));
        if (!connected.wait(15000))
            return false;
        dock.resize(300, 600);
        dock.show();
        return reload(dock);
    }

    static bool reload(ui::SchemaPane &dock) { return test::reloadSchema(dock); }

    // Opens the context menu on the tree node `node` and runs `act` on it.
    static void onMenu(ui::SchemaPane &dock, const QString &node, std::function<void(QMenu *)> act)
    {
        QVERIFY2(test::onSchemaMenu(dock, node, {}, std::move(act)), qPrintable(node));
    }

    ui::SchemaChangeDialog *choose(const QString &node, const QString &action)
    {
        onMenu(*m_dock, node, test::triggerEntry(action));
        return m_dock->editor()->dialog();
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QVERIFY(m_folder.isValid());
        QString error;
        QVERIFY2(test::TestCluster::instance().recreateDatabase(Database, &error),
                 qPrintable(error));
        QVERIFY2(test::TestCluster::instance().exec(
                     Database,
                     QStringLiteral("CREATE TABLE workers (id serial PRIMARY KEY, "
                                    "name text NOT NULL);"
                                    "INSERT INTO workers (name) VALUES ('Ann'), ('Bo')"),
                     &error),
                 qPrintable(error));
        m_dock = std::make_unique<ui::SchemaPane>(&m_database);
        m_dock->editor()->setMigrationService(&m_service);
        QVERIFY(connectAndShow(m_database, *m_dock, Database));
    }

    static ColumnDef column(const QString &name, const QString &type, bool notNull = false,
                            const QString &defaultExpr = {})
    {
        ColumnDef c;
        c.name = name;
        c.type = type;
        c.notNull = notNull;
        c.defaultExpr = defaultExpr;
        return c;
    }

    // The edit describes the table before and after; the autogenerate writer writes the SQL.
    void ddlOfEachKind()
    {
        using migrations::scriptOf;
        SchemaEdit add;
        add.kind = SchemaEdit::Kind::AddColumn;
        add.schema = QStringLiteral("public");
        add.table = QStringLiteral("Odd \"T\"");
        add.columns = {column(QStringLiteral("e mail"), QStringLiteral("text"), true,
                              QStringLiteral("'none'"))};
        QCOMPARE(
            scriptOf(add.upgrade()),
            QStringLiteral("ALTER TABLE \"public\".\"Odd \"\"T\"\"\" ADD COLUMN \"e mail\" text "
                           "DEFAULT 'none' NOT NULL;\n"));
        QCOMPARE(
            scriptOf(add.downgrade()),
            QStringLiteral("ALTER TABLE \"public\".\"Odd \"\"T\"\"\" DROP COLUMN \"e mail\";\n"));
        QVERIFY(add.upgrade().warnings.isEmpty());
        QCOMPARE(
            add.downgrade().warnings,
            QStringList{QStringLiteral("column Odd \"T\".e mail is dropped: its values are lost")});

        SchemaEdit fk;
        fk.kind = SchemaEdit::Kind::AddForeignKey;
        fk.table = QStringLiteral("resumes");
        fk.keyColumns = {QStringLiteral("worker_id")};
        fk.refTable = QStringLiteral("workers");
        fk.refColumns = {QStringLiteral("id")};
        fk.onDelete = QStringLiteral("CASCADE");
        QCOMPARE(scriptOf(fk.upgrade()),
                 QStringLiteral(
                     "ALTER TABLE \"resumes\" ADD CONSTRAINT \"resumes_worker_id_fkey\" FOREIGN "
                     "KEY (\"worker_id\") REFERENCES \"workers\" (\"id\") ON DELETE CASCADE;\n"));
        QCOMPARE(scriptOf(fk.downgrade()),
                 QStringLiteral(
                     "ALTER TABLE \"resumes\" DROP CONSTRAINT \"resumes_worker_id_fkey\";\n"));

        SchemaEdit alter;
        alter.kind = SchemaEdit::Kind::AlterColumn;
        alter.table = QStringLiteral("t");
        alter.column = QStringLiteral("c");
        alter.previous = column(QStringLiteral("c"), QStringLiteral("integer"));
        alter.columns = {column(QStringLiteral("c"), QStringLiteral("bigint"), true)};
        QCOMPARE(scriptOf(alter.upgrade()),
                 QStringLiteral("ALTER TABLE \"t\" ALTER COLUMN \"c\" TYPE bigint USING "
                                "\"c\"::bigint;\n"
                                "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET NOT NULL;\n"));
        QCOMPARE(scriptOf(alter.downgrade()),
                 QStringLiteral("ALTER TABLE \"t\" ALTER COLUMN \"c\" TYPE integer USING "
                                "\"c\"::integer;\n"
                                "ALTER TABLE \"t\" ALTER COLUMN \"c\" DROP NOT NULL;\n"));
        // Going back from bigint to integer can fail: the downgrade says so, the upgrade not.
        QVERIFY(alter.upgrade().warnings.isEmpty());
        QCOMPARE(alter.downgrade().warnings.size(), 1);

        SchemaEdit index;
        index.kind = SchemaEdit::Kind::AddIndex;
        index.schema = QStringLiteral("public");
        index.table = QStringLiteral("t");
        index.keyColumns = {QStringLiteral("a"), QStringLiteral("b")};
        index.unique = true;
        QCOMPARE(scriptOf(index.upgrade()),
                 QStringLiteral(
                     "CREATE UNIQUE INDEX \"t_a_b_key\" ON \"public\".\"t\" (\"a\", \"b\");\n"));
        QCOMPARE(scriptOf(index.downgrade()),
                 QStringLiteral("DROP INDEX \"public\".\"t_a_b_key\";\n"));

        SchemaEdit renameColumn;
        renameColumn.kind = SchemaEdit::Kind::RenameColumn;
        renameColumn.table = QStringLiteral("t");
        renameColumn.column = QStringLiteral("a");
        renameColumn.newName = QStringLiteral("b");
        QCOMPARE(scriptOf(renameColumn.upgrade()),
                 QStringLiteral("ALTER TABLE \"t\" RENAME COLUMN \"a\" TO \"b\";\n"));
        QCOMPARE(scriptOf(renameColumn.downgrade()),
                 QStringLiteral("ALTER TABLE \"t\" RENAME COLUMN \"b\" TO \"a\";\n"));

        SchemaEdit rename;
        rename.kind = SchemaEdit::Kind::RenameTable;
        rename.schema = QStringLiteral("public");
        rename.table = QStringLiteral("t");
        rename.newName = QStringLiteral("u");
        QCOMPARE(scriptOf(rename.upgrade()),
                 QStringLiteral("ALTER TABLE \"public\".\"t\" RENAME TO \"u\";\n"));
        QCOMPARE(scriptOf(rename.downgrade()),
                 QStringLiteral("ALTER TABLE \"public\".\"u\" RENAME TO \"t\";\n"));
        rename.newName = QStringLiteral("t");
        QCOMPARE(rename.problem(), QStringLiteral("the new name is the old one"));
        QVERIFY(rename.upgrade().statements.isEmpty());
    }

    void createTableRunNow()
    {
        ui::SchemaChangeDialog *dialog =
            choose(QStringLiteral("workers"), QStringLiteral("schemaCreateTable"));
        QVERIFY(dialog);
        QPointer<ui::SchemaChangeDialog> alive(dialog);
        auto *form = qobject_cast<ui::CreateTableForm *>(dialog->form());
        QVERIFY(form);
        // Nothing to run without a name: the DDL pane says what is missing.
        QVERIFY(!dialog->runNowButton()->isEnabled());
        QVERIFY(dialog->ddl().contains(QStringLiteral("table: a name is needed")));
        QTest::keyClicks(form->nameEdit(), QStringLiteral("skills"));
        // The first row is "id serial NOT NULL", the primary key; a second one, typed in.
        const int row = form->addColumn();
        form->columns()->item(row, 0)->setText(QStringLiteral("title"));
        qobject_cast<QComboBox *>(form->columns()->cellWidget(row, 1))
            ->setCurrentText(QStringLiteral("varchar(80)"));
        form->columns()->item(row, 2)->setCheckState(Qt::Checked);
        form->columns()->item(row, 3)->setText(QStringLiteral("'untitled'"));
        QCOMPARE(dialog->ddl(),
                 QStringLiteral("-- upgrade\nCREATE TABLE \"public\".\"skills\" (\n"
                                "    \"id\" serial NOT NULL,\n"
                                "    \"title\" varchar(80) DEFAULT 'untitled' NOT NULL\n);\n"
                                "ALTER TABLE \"public\".\"skills\" ADD CONSTRAINT \"skills_pkey\" "
                                "PRIMARY KEY (\"id\");\n\n"
                                "-- downgrade\nDROP TABLE \"public\".\"skills\";\n"));
        QCOMPARE(dialog->warningText(),
                 QStringLiteral("Downgrade: table skills is dropped: its rows are lost"));
        QVERIFY(dialog->runNowButton()->isEnabled());
        // The README's picture of the dialog, taken when asked for (under xvfb-run).
        if (const QString shot = qEnvironmentVariable("DBX_SCREENSHOT"); !shot.isEmpty())
            QVERIFY(dialog->grab().save(shot));
        QTest::mouseClick(dialog->runNowButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return alive.isNull(); }, 15000));
        QCOMPARE(columnsOf(Database, QStringLiteral("skills")),
                 (QStringList{QStringLiteral("id integer true nextval('skills_id_seq'::regclass)"),
                              QStringLiteral("title character varying(80) true "
                                             "'untitled'::character varying")}));
        QSqlQuery key(test::TestCluster::instance().open(Database));
        QVERIFY(key.exec(QStringLiteral("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                                        "WHERE conrelid = 'skills'::regclass AND contype = 'p'")));
        QVERIFY(key.next());
        QCOMPARE(key.value(0).toString(), QStringLiteral("PRIMARY KEY (id)"));
        // The tree reads the catalog again and shows the new table.
        QTRY_VERIFY_WITH_TIMEOUT(
            m_dock->snapshot().table(QStringLiteral("public"), QStringLiteral("skills")), 15000);
    }

    void failingRunNowChangesNothing()
    {
        QVERIFY(reload(*m_dock));
        const QStringList before = columnsOf(Database, QStringLiteral("workers"));
        ui::SchemaChangeDialog *dialog =
            choose(QStringLiteral("workers"), QStringLiteral("schemaAddColumn"));
        QVERIFY(dialog);
        auto *form = qobject_cast<ui::ColumnForm *>(dialog->form());
        QVERIFY(form);
        QTest::keyClicks(form->nameEdit(), QStringLiteral("badge"));
        form->typeEdit()->setCurrentText(QStringLiteral("integer"));
        form->notNullBox()->setChecked(true); // and no default, on a table with two rows
        // The writer's warning is shown before anything runs.
        QVERIFY2(dialog->warningText().startsWith(
                     QStringLiteral("Upgrade: column workers.badge is NOT NULL without a default")),
                 qPrintable(dialog->warningText()));
        QTest::mouseClick(dialog->runNowButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isRunning(); }, 15000));
        QVERIFY2(dialog->errorText().contains(QStringLiteral("contains null values")),
                 qPrintable(dialog->errorText()));
        QVERIFY(dialog->errorText().startsWith(QStringLiteral("Nothing was changed")));
        QVERIFY(dialog->isVisible()); // what was typed is still there to fix
        QCOMPARE(form->nameEdit()->text(), QStringLiteral("badge"));
        QCOMPARE(columnsOf(Database, QStringLiteral("workers")), before);
        // The connection is usable afterwards: the transaction was rolled back.
        QVERIFY(reload(*m_dock));
        dialog->reject();
    }

    void addColumnSaveAsRevision()
    {
        QSignalSpy graph(&m_service, &migrations::MigrationService::graphLoaded);
        QVERIFY(m_service.setRevisionDirectory(m_folder.path()));
        ui::SchemaChangeDialog *dialog =
            choose(QStringLiteral("workers"), QStringLiteral("schemaAddColumn"));
        QVERIFY(dialog);
        QPointer<ui::SchemaChangeDialog> alive(dialog);
        auto *form = qobject_cast<ui::ColumnForm *>(dialog->form());
        QTest::keyClicks(form->nameEdit(), QStringLiteral("email"));
        form->typeEdit()->setCurrentText(QStringLiteral("text"));
        QSignalSpy saved(m_dock->editor(), &ui::SchemaEditor::revisionSaved);
        QVERIFY(dialog->saveRevisionButton()->isEnabled());
        QTest::mouseClick(dialog->saveRevisionButton(), Qt::LeftButton);
        QCOMPARE(saved.count(), 1);
        QVERIFY(alive.isNull() || !alive->isVisible());
        const QString path = saved.first().at(0).toString();
        const QString id = saved.first().at(1).toString();
        QCOMPARE(QFileInfo(path).fileName(), id + QStringLiteral("_add_column_workers_email.sql"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY2(text.contains(
                     QStringLiteral("-- upgrade\nALTER TABLE \"public\".\"workers\" ADD COLUMN "
                                    "\"email\" text;\n")),
                 qPrintable(text));
        QVERIFY2(
            text.contains(QStringLiteral("-- downgrade\nALTER TABLE \"public\".\"workers\" DROP "
                                         "COLUMN \"email\";\n")),
            qPrintable(text));
        // What the downgrade loses is written into the file, as autogenerate writes it.
        QVERIFY2(text.contains(QStringLiteral("-- Data loss on downgrade:\n--   column "
                                              "workers.email is dropped: its values are lost\n")),
                 qPrintable(text));
        // Saving changed nothing in the database.
        QVERIFY(!columnsOf(Database, QStringLiteral("workers"))
                     .join(u' ')
                     .contains(QStringLiteral("email")));
        QVERIFY(m_service.graph().contains(id));

        // The migrations runner applies it, and its downgrade takes it back.
        QSignalSpy status(&m_service, &migrations::MigrationService::statusChanged);
        m_service.refreshStatus();
        QVERIFY(status.wait(15000));
        QSignalSpy finished(&m_service, &migrations::MigrationService::runFinished);
        QSignalSpy failed(&m_service, &migrations::MigrationService::runFailed);
        QVERIFY(m_service.run(migrations::MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        QVERIFY(QTest::qWaitFor([&] { return finished.count() + failed.count() > 0; }, 30000));
        QCOMPARE(failed.count(), 0);
        QVERIFY(columnsOf(Database, QStringLiteral("workers"))
                    .contains(QStringLiteral("email text false -")));
        QVERIFY(QTest::qWaitFor([&] { return !m_service.isRunning(); }, 5000));
        QVERIFY(
            m_service.run(migrations::MigrationPlan::Action::Downgrade, QStringLiteral("base")));
        QVERIFY(QTest::qWaitFor([&] { return finished.count() + failed.count() > 1; }, 30000));
        QCOMPARE(failed.count(), 0);
        QVERIFY(!columnsOf(Database, QStringLiteral("workers"))
                     .join(u' ')
                     .contains(QStringLiteral("email")));
    }

    void revisionIsTheDefaultWhenManaged()
    {
        // The database now has the runner's ledger: Save as Revision is what Enter does.
        QSignalSpy status(&m_service, &migrations::MigrationService::statusChanged);
        m_service.refreshStatus();
        QVERIFY(status.wait(15000));
        QVERIFY(m_service.status().ledgerExists);
        ui::SchemaChangeDialog *dialog =
            choose(QStringLiteral("workers"), QStringLiteral("schemaAddIndex"));
        QVERIFY(dialog);
        QVERIFY(dialog->saveRevisionButton()->isDefault());
        QVERIFY(!dialog->runNowButton()->isDefault());
        dialog->reject();
    }

    void foreignKeyAndDropColumnRunNow()
    {
        QString error;
        QVERIFY2(test::TestCluster::instance().exec(
                     Database,
                     QStringLiteral("CREATE TABLE assignments (worker_id int, note text)"), &error),
                 qPrintable(error));
        QVERIFY(reload(*m_dock));
        ui::SchemaChangeDialog *dialog =
            choose(QStringLiteral("assignments"), QStringLiteral("schemaAddForeignKey"));
        QVERIFY(dialog);
        QPointer<ui::SchemaChangeDialog> alive(dialog);
        auto *form = qobject_cast<ui::KeyForm *>(dialog->form());
        QVERIFY(form);
        form->columnList()->item(0)->setCheckState(Qt::Checked); // worker_id
        auto *table = form->findChild<QComboBox *>(QStringLiteral("referencedTable"));
        table->setCurrentIndex(
            table->findData(QStringList{QStringLiteral("public"), QStringLiteral("workers")}));
        form->findChild<QComboBox *>(QStringLiteral("onDelete"))
            ->setCurrentText(QStringLiteral("CASCADE"));
        // The referenced table's primary key is filled in.
        QCOMPARE(form->findChild<QLineEdit *>(QStringLiteral("referencedColumns"))->text(),
                 QStringLiteral("id"));
        QTest::mouseClick(dialog->runNowButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return alive.isNull(); }, 15000));
        QSqlQuery key(test::TestCluster::instance().open(Database));
        QVERIFY(key.exec(QStringLiteral("SELECT conname, pg_get_constraintdef(oid) FROM "
                                        "pg_constraint WHERE conrelid = 'assignments'::regclass")));
        QVERIFY(key.next());
        QCOMPARE(key.value(0).toString(), QStringLiteral("assignments_worker_id_fkey"));
        QCOMPARE(
            key.value(1).toString(),
            QStringLiteral("FOREIGN KEY (worker_id) REFERENCES workers(id) ON DELETE CASCADE"));

        QVERIFY(reload(*m_dock));
        dialog = choose(QStringLiteral("note : text"), QStringLiteral("schemaDropColumn"));
        QVERIFY(dialog);
        alive = dialog;
        QVERIFY(dialog->ddl().contains(QStringLiteral("ADD COLUMN \"note\" text;")));
        QTest::mouseClick(dialog->runNowButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return alive.isNull(); }, 15000));
        QCOMPARE(columnsOf(Database, QStringLiteral("assignments")),
                 QStringList{QStringLiteral("worker_id integer false -")});
    }

    // A label added from the type's label node, run now; the downgrade recreates the type
    // and converts the column of that type, keeping its default.
    void enumLabelRunNowAndBack()
    {
        QString error;
        QVERIFY2(test::TestCluster::instance().exec(
                     Database,
                     QStringLiteral("CREATE TYPE workload AS ENUM ('parttime', 'fulltime');"
                                    "CREATE TABLE shifts (kind workload NOT NULL DEFAULT "
                                    "'parttime'); INSERT INTO shifts VALUES ('fulltime')"),
                     &error),
                 qPrintable(error));
        QVERIFY(reload(*m_dock));
        ui::SchemaChangeDialog *dialog =
            choose(QStringLiteral("parttime"), QStringLiteral("schemaAddEnumLabel"));
        QVERIFY(dialog);
        QPointer<ui::SchemaChangeDialog> alive(dialog);
        auto *form = qobject_cast<ui::EnumLabelForm *>(dialog->form());
        QVERIFY(form);
        QCOMPARE(form->afterBox()->currentText(), QStringLiteral("parttime"));
        QTest::keyClicks(form->labelEdit(), QStringLiteral("fulltime"));
        QVERIFY(!dialog->runNowButton()->isEnabled()); // already a label
        QVERIFY(dialog->ddl().contains(QStringLiteral("workload already has the label fulltime")));
        form->labelEdit()->setText(QStringLiteral("shifts"));
        const migrations::SchemaEdit edit = form->change();
        QVERIFY2(dialog->ddl().startsWith(
                     QStringLiteral("-- upgrade\nALTER TYPE \"public\".\"workload\" ADD VALUE "
                                    "'shifts' AFTER 'parttime';\n")),
                 qPrintable(dialog->ddl()));
        QVERIFY2(dialog->ddl().contains(QStringLiteral(
                     "ALTER TABLE \"public\".\"shifts\" ALTER COLUMN \"kind\" TYPE "
                     "\"public\".\"workload\" USING \"kind\"::text::\"public\".\"workload\";")),
                 qPrintable(dialog->ddl()));
        QVERIFY(dialog->warningText().contains(QStringLiteral("loses 'shifts'")));
        QTest::mouseClick(dialog->runNowButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return alive.isNull(); }, 15000));
        const auto labels = [] {
            QSqlQuery query(test::TestCluster::instance().open(Database));
            QStringList out;
            if (query.exec(QStringLiteral("SELECT unnest(enum_range(NULL::workload))::text")))
                while (query.next())
                    out << query.value(0).toString();
            return out;
        };
        QCOMPARE(labels(), (QStringList{QStringLiteral("parttime"), QStringLiteral("shifts"),
                                        QStringLiteral("fulltime")}));
        QVERIFY2(test::TestCluster::instance().exec(Database,
                                                    migrations::scriptOf(edit.downgrade()), &error),
                 qPrintable(error));
        QCOMPARE(labels(), (QStringList{QStringLiteral("parttime"), QStringLiteral("fulltime")}));
        QCOMPARE(columnsOf(Database, QStringLiteral("shifts")),
                 QStringList{QStringLiteral("kind workload true 'parttime'::workload")});
    }

    void readOnlyServerDisablesChanges()
    {
        QString error;
        QVERIFY2(test::TestCluster::instance().recreateDatabase(ReadOnly, &error),
                 qPrintable(error));
        QVERIFY2(test::TestCluster::instance().exec(
                     ReadOnly,
                     QStringLiteral("CREATE TABLE frozen (id int PRIMARY KEY);"
                                    "ALTER DATABASE schemachange_ro SET "
                                    "default_transaction_read_only = on"),
                     &error),
                 qPrintable(error));
        model::Database database;
        ui::SchemaPane dock(&database);
        QVERIFY(connectAndShow(database, dock, ReadOnly));
        QVERIFY(database.serverInfo().isReadOnly());
        QStringList seen;
        onMenu(dock, QStringLiteral("frozen"), [&seen](QMenu *menu) {
            for (QAction *a : menu->actions())
                if (a->objectName().startsWith(QLatin1String("schemaCreate")) ||
                    a->objectName().startsWith(QLatin1String("schemaAdd")) ||
                    a->objectName().startsWith(QLatin1String("schemaRename")))
                    seen << QStringLiteral("%1 %2 %3")
                                .arg(a->objectName(),
                                     a->isEnabled() ? QStringLiteral("on") : QStringLiteral("off"),
                                     a->toolTip());
        });
        QTRY_VERIFY_WITH_TIMEOUT(!seen.isEmpty(), 5000);
        QCOMPARE(seen.size(), 6);
        for (const QString &entry : std::as_const(seen)) {
            QVERIFY2(entry.contains(QStringLiteral(" off ")), qPrintable(entry));
            QVERIFY2(entry.contains(QStringLiteral("default_transaction_read_only = on")),
                     qPrintable(entry));
        }
    }
};

QTEST_MAIN(TestSchemaChange)
#include "tst_schemachange.moc"
