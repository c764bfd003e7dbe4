// The table browser driven through its widgets against the demo database: editing a resume's
// compensation in the grid and in the form and committing it, typed editors (enum combo, FK
// label), a rule violation explained with the edits kept, a server refusal pointing at the
// cell, a write conflict resolved in its dialog, a delete that shows its cascade first, and a
// tab that will not close over pending edits without asking.

#include "demofixture.h"
#include "migrations/demoschema.h"
#include "model/catalog/catalogreader.h"
#include "model/db/database.h"
#include "model/demo/demodatabase.h"
#include "model/edit/editabletablemodel.h"
#include "testcluster.h"
#include "ui/browser/celldelegate.h"
#include "ui/browser/conflictdialog.h"
#include "ui/browser/recordform.h"
#include "ui/browser/tablebrowser.h"
#include "ui/common/sqlpreviewdialog.h"
#include "ui/edit/cascadepreviewdialog.h"
#include "ui/edit/foreignkeyeditor.h"
#include "ui/import/importdialog.h"
#include "ui/relations/loadingview.h"
#include "ui/relations/relationinspector.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace dbx;
using model::CommitOutcome;
using model::EditableTableModel;
using ui::TableBrowser;

namespace {

const QString kDb = QStringLiteral("browser_demo");

QVariant scalar(const QString &sql)
{
    QSqlQuery q(test::TestCluster::instance().open(kDb));
    if (!q.exec(sql) || !q.next())
        return QStringLiteral("<failed: %1>").arg(sql);
    return q.value(0);
}

// With DBX_SCREENSHOT_DIR set, the tests also save what the user sees at their key moments
// (the README's screenshots come from here).
void snap(QWidget *widget, const char *name)
{
    const QString dir = qEnvironmentVariable("DBX_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->window()->grab().save(dir + QLatin1Char('/') + QString::fromUtf8(name) +
                                      QStringLiteral(".png"));
}

// Acts on the next modal dialog once it is shown (exec() blocks the test until it closes).
void whenModal(std::function<void(QWidget *)> act)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, act] {
        if (QWidget *modal = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            act(modal);
        }
    });
    timer->start();
}

} // namespace

class TestTableBrowser : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<model::Database> m_db;
    model::SchemaSnapshot m_snapshot;

    std::unique_ptr<TableBrowser> open(const char *table)
    {
        auto browser = std::make_unique<TableBrowser>(
            m_db.get(), nullptr,
            *m_snapshot.table(QStringLiteral("public"), QString::fromUtf8(table)), m_snapshot);
        browser->resize(1100, 600);
        browser->show();
        if (!QTest::qWaitForWindowExposed(browser.get()))
            return {};
        if (!QTest::qWaitFor([&] { return browser->model()->source()->isRowLoaded(0); }, 10000))
            return {};
        return browser;
    }

    static int col(TableBrowser &b, const char *name)
    {
        return int(b.model()->source()->query().columns().indexOf(QString::fromUtf8(name)));
    }

    static bool commitAndWait(TableBrowser &b)
    {
        QSignalSpy done(b.model(), &EditableTableModel::commitFinished);
        b.action(TableBrowser::Action::Commit)->trigger();
        return done.wait(10000);
    }

    // Opens the cell's editor as a double-click would and types `text` + Enter.
    static void typeIntoCell(TableBrowser &b, int row, int column, const QString &text)
    {
        const QModelIndex index = b.model()->index(row, column);
        b.view()->setCurrentIndex(index);
        b.view()->edit(index);
        auto *line = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY2(line, "the cell editor is a line edit");
        line->selectAll();
        QTest::keyClicks(line, text);
        QTest::keyClick(line, Qt::Key_Return);
        // The view hands the editor's value over on its next turn of the event loop.
        QPointer<QLineEdit> editor(line);
        QTRY_VERIFY(editor.isNull());
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<CommitOutcome>();
        DBX_REQUIRE_CLUSTER();
        const QString demo = dbx::test::openDemoSession(kDb, &m_db, &m_snapshot);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
    }

    void cleanupTestCase() { m_db.reset(); }

    void gridShowsTypedValues()
    {
        auto b = open("resumes");
        QVERIFY(b);
        const QModelIndex worker = b->model()->index(0, col(*b, "worker_id"));
        QVERIFY(!worker.data(model::TableDataModel::ForeignLabelRole).toString().isEmpty());
        // NULL is shown as NULL, distinct from an empty string.
        const int nullRow = scalar(QStringLiteral("SELECT count(*) FROM resumes WHERE id < "
                                                  "(SELECT min(id) FROM resumes WHERE "
                                                  "compensation IS NULL)"))
                                .toInt();
        QVERIFY(QTest::qWaitFor([&] { return b->model()->source()->isRowLoaded(nullRow); }));
        QCOMPARE(ui::CellDelegate::cellText(b->model()->index(nullRow, col(*b, "compensation"))),
                 QStringLiteral("NULL"));
        // The enum column edits through a combo of its labels.
        const QModelIndex workload = b->model()->index(0, col(*b, "workload"));
        b->view()->setCurrentIndex(workload);
        b->view()->edit(workload);
        auto *combo = qobject_cast<QComboBox *>(QApplication::focusWidget());
        QVERIFY(combo);
        QCOMPARE(combo->count(), 2);
        QCOMPARE(combo->itemText(0), QStringLiteral("parttime"));
        QCOMPARE(combo->itemText(1), QStringLiteral("fulltime"));
        QTest::keyClick(combo, Qt::Key_Escape);
        // Server-filled columns cannot be edited.
        QVERIFY(
            !(b->model()->flags(b->model()->index(0, col(*b, "created_at"))) & Qt::ItemIsEditable));
        QVERIFY(!(b->model()->flags(b->model()->index(0, 0)) & Qt::ItemIsEditable));
    }

    void foreignKeyEditedThroughItsLookup()
    {
        auto b = open("resumes");
        QVERIFY(b);
        const int worker = col(*b, "worker_id");
        const QModelIndex cell = b->model()->index(0, worker);
        b->view()->setCurrentIndex(cell);
        b->view()->edit(cell);
        auto *editor = b->view()->findChild<ui::ForeignKeyEditor *>();
        QVERIFY(editor);
        auto *text = editor->findChild<QLineEdit *>(QStringLiteral("foreignKeyText"));
        auto *popup = editor->findChild<QListWidget *>(QStringLiteral("foreignKeyPopup"));
        QVERIFY(text && popup);
        text->selectAll();
        QTest::keyClicks(text, QStringLiteral("Medv"));
        QTRY_VERIFY(popup->isVisible() && popup->count() == 1);
        QVERIFY(popup->item(0)->text().contains(QStringLiteral("Medved")));
        QTest::keyClick(editor->windowHandle(), Qt::Key_Return);
        const int medved =
            scalar(QStringLiteral("SELECT id FROM workers WHERE username = 'Medved'")).toInt();
        QTRY_COMPARE(cell.data(Qt::EditRole).toString(), QString::number(medved));
        QCOMPARE(cell.data(model::TableDataModel::ForeignLabelRole).toString(),
                 QStringLiteral("Medved"));
        QVERIFY(cell.data(EditableTableModel::CellChangedRole).toBool());
        b->model()->revertAll();
    }

    void formListsReferencingRowsAndOpensThem()
    {
        auto b = open("workers");
        QVERIFY(b);
        b->selectCell(2, 1);
        b->setFormVisible(true);
        const int worker = b->model()->index(2, 0).data(Qt::EditRole).toInt();
        const QList<QTableView *> grids = b->form()->childGrids();
        QCOMPARE(grids.size(), 1);
        QTableView *resumes = grids.first();
        const int expected =
            scalar(QStringLiteral("SELECT count(*) FROM resumes WHERE worker_id = %1").arg(worker))
                .toInt();
        QVERIFY(expected > 0);
        QTRY_COMPARE(resumes->model()->rowCount(), expected);
        QTRY_VERIFY(
            resumes->model()->index(0, 0).data(model::TableDataModel::IsLoadedRole).toBool());
        QSignalSpy opened(b.get(), &TableBrowser::openRecord);
        const QModelIndex first = resumes->model()->index(0, 1);
        emit resumes->doubleClicked(first); // as the view does on a double click
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().at(1).toString(), QStringLiteral("resumes"));
        QCOMPARE(opened.first().at(2).toString(), QStringLiteral("id"));
        QCOMPARE(opened.first().at(3).toInt(),
                 resumes->model()->index(0, 0).data(Qt::EditRole).toInt());
        // Moving to another worker follows with its resumes.
        b->form()->setCurrentRow(3);
        const int next = b->model()->index(3, 0).data(Qt::EditRole).toInt();
        QTRY_COMPARE(
            resumes->model()->rowCount(),
            scalar(QStringLiteral("SELECT count(*) FROM resumes WHERE worker_id = %1").arg(next))
                .toInt());
    }

    void relationPanelsFollowTheGrid()
    {
        auto b = open("workers");
        QVERIFY(b);
        b->selectCell(1, 1);
        b->action(TableBrowser::Action::ToggleRelations)->trigger();
        QVERIFY(b->relations()->isVisible());
        QTRY_COMPARE(b->relations()->pathTables().size(), 1);
        QCOMPARE(b->relations()->pathTables().first().name, QStringLiteral("workers"));
        b->action(TableBrowser::Action::ToggleLoading)->trigger();
        QVERIFY(b->loading()->isVisible());
        QVERIFY(!b->loading()->relationships().isEmpty());
    }

    void copiesRowWithRelatedRowsAsJson()
    {
        auto b = open("workers");
        QVERIFY(b);
        b->selectCell(1, 1);
        b->action(TableBrowser::Action::CopyJson)->trigger();
        QTRY_VERIFY(b->message().startsWith(QStringLiteral("Copied")));
        const QJsonObject row =
            QJsonDocument::fromJson(QApplication::clipboard()->text().toUtf8()).object();
        QCOMPARE(row.value(QStringLiteral("id")).toInt(),
                 b->model()->index(1, 0).data(Qt::EditRole).toInt());
        QVERIFY(row.value(QStringLiteral("resumes")).isArray());
    }

    void editCompensationInGridAndCommit()
    {
        auto b = open("resumes");
        QVERIFY(b);
        const int pay = col(*b, "compensation");
        const int id = b->model()->index(0, 0).data(Qt::EditRole).toInt();
        typeIntoCell(*b, 0, pay, QStringLiteral("91000"));
        QVERIFY(b->model()->hasPendingChanges());
        QVERIFY(b->action(TableBrowser::Action::Commit)->isEnabled());
        QVERIFY(b->model()->index(0, pay).data(EditableTableModel::CellChangedRole).toBool());
        // View Pending SQL shows the UPDATE with its bound values.
        whenModal([](QWidget *modal) {
            auto *preview = qobject_cast<ui::SqlPreviewDialog *>(modal);
            QVERIFY(preview);
            QVERIFY(preview->sql().contains(QStringLiteral("UPDATE \"public\".\"resumes\"")));
            QVERIFY(preview->sql().contains(QStringLiteral("'91000'")));
            preview->reject();
        });
        b->action(TableBrowser::Action::PendingSql)->trigger();
        QVERIFY(commitAndWait(*b));
        QVERIFY(!b->model()->hasPendingChanges());
        QCOMPARE(scalar(QStringLiteral("SELECT compensation FROM resumes WHERE id = %1").arg(id))
                     .toInt(),
                 91000);
        QVERIFY(b->message().contains(QStringLiteral("Committed")));
    }

    void editCompensationInFormAndCommit()
    {
        auto b = open("resumes");
        QVERIFY(b);
        const int pay = col(*b, "compensation");
        b->selectCell(1, 0);
        b->setFormVisible(true);
        QCOMPARE(b->form()->currentRow(), 1);
        const int id = b->model()->index(1, 0).data(Qt::EditRole).toInt();
        auto *field = qobject_cast<QLineEdit *>(b->form()->editor(pay));
        QVERIFY(field);
        QCOMPARE(field->text(), b->model()->index(1, pay).data(Qt::EditRole).toString());
        field->setFocus();
        field->selectAll();
        QTest::keyClicks(field, QStringLiteral("64000"));
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(b->model()->index(1, pay).data(Qt::EditRole).toString(), QStringLiteral("64000"));
        // Navigation moves the grid's current row with it.
        b->form()->setCurrentRow(2);
        QCOMPARE(b->view()->currentIndex().row(), 2);
        QVERIFY(commitAndWait(*b));
        QCOMPARE(scalar(QStringLiteral("SELECT compensation FROM resumes WHERE id = %1").arg(id))
                     .toInt(),
                 64000);
    }

    void ruleViolationIsExplainedAndEditsKept()
    {
        auto b = open("resumes");
        QVERIFY(b);
        const int pay = col(*b, "compensation");
        const int title = col(*b, "title");
        const int id = b->model()->index(0, 0).data(Qt::EditRole).toInt();
        const QString before =
            scalar(QStringLiteral("SELECT title FROM resumes WHERE id = %1").arg(id)).toString();
        typeIntoCell(*b, 0, title, QStringLiteral("Kept title"));
        typeIntoCell(*b, 0, pay, QStringLiteral("0"));
        b->action(TableBrowser::Action::Commit)->trigger();
        QVERIFY2(b->message().contains(QStringLiteral("compensation must be greater than 0")),
                 qPrintable(b->message()));
        QCOMPARE(b->model()->changes().size(), 1);
        QCOMPARE(b->model()->index(0, title).data().toString(), QStringLiteral("Kept title"));
        QCOMPARE(b->view()->currentIndex(), b->model()->index(0, pay));
        QCOMPARE(
            scalar(QStringLiteral("SELECT title FROM resumes WHERE id = %1").arg(id)).toString(),
            before);

        // A value only the server can judge: the commit fails, nothing is applied, the edits
        // stay and the cell is pointed at.
        typeIntoCell(*b, 0, pay, QStringLiteral("1000"));
        const int worker = col(*b, "worker_id");
        QVERIFY(b->model()->setData(b->model()->index(0, worker), 4242));
        QVERIFY(commitAndWait(*b));
        QVERIFY2(b->message().contains(QStringLiteral("worker_id = 4242 does not match any row "
                                                      "of workers")),
                 qPrintable(b->message()));
        QVERIFY(b->message().contains(QStringLiteral("your edits are kept")));
        snap(b.get(), "commit-failed");
        QCOMPARE(b->view()->currentIndex(), b->model()->index(0, worker));
        QVERIFY(b->model()->hasPendingChanges());
        QCOMPARE(
            scalar(QStringLiteral("SELECT title FROM resumes WHERE id = %1").arg(id)).toString(),
            before);
        b->model()->revertAll();
    }

    void conflictIsResolvedInItsDialog()
    {
        auto b = open("vacancies");
        QVERIFY(b);
        const int pay = col(*b, "compensation");
        const int title = col(*b, "title");
        const int id = b->model()->index(0, 0).data(Qt::EditRole).toInt();
        typeIntoCell(*b, 0, pay, QStringLiteral("4321"));
        QVERIFY(test::TestCluster::instance().exec(
            kDb, QStringLiteral("UPDATE vacancies SET title = 'Changed elsewhere' WHERE id = %1")
                     .arg(id)));
        bool shown = false;
        whenModal([&shown, title](QWidget *modal) {
            auto *dialog = qobject_cast<ui::ConflictDialog *>(modal);
            QVERIFY(dialog);
            shown = true;
            QCOMPARE(dialog->table()->item(title, 3)->text(), QStringLiteral("Changed elsewhere"));
            snap(dialog, "conflict");
            dialog->findChild<QPushButton *>(QStringLiteral("keepMine"))->click();
        });
        QVERIFY(commitAndWait(*b));
        QVERIFY(shown);
        QVERIFY(b->model()->hasPendingChanges());
        QVERIFY(commitAndWait(*b));
        QCOMPARE(scalar(QStringLiteral("SELECT compensation || ' ' || title FROM vacancies WHERE "
                                       "id = %1")
                            .arg(id))
                     .toString(),
                 QStringLiteral("4321 Changed elsewhere"));
    }

    void deleteShowsCascadeThenCommits()
    {
        auto b = open("workers");
        QVERIFY(b);
        const int id = b->model()->index(0, 0).data(Qt::EditRole).toInt();
        const int resumes =
            scalar(QStringLiteral("SELECT count(*) FROM resumes WHERE worker_id = %1").arg(id))
                .toInt();
        QVERIFY(resumes > 0);
        QString summary;
        whenModal([&summary](QWidget *modal) {
            auto *preview = qobject_cast<ui::CascadePreviewDialog *>(modal);
            QVERIFY(preview);
            QVERIFY(QTest::qWaitFor([preview] { return !preview->isCounting(); }, 10000));
            summary = preview->summaryText();
            snap(preview, "cascade-preview");
            QVERIFY(preview->isDeleteEnabled());
            preview->accept();
        });
        b->selectCell(0, 1);
        b->action(TableBrowser::Action::Delete)->trigger();
        QVERIFY2(summary.contains(QStringLiteral("resumes")), qPrintable(summary));
        QCOMPARE(b->model()->rowState(0), EditableTableModel::RowState::Deleted);
        QVERIFY(commitAndWait(*b));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM resumes WHERE worker_id = %1").arg(id))
                     .toInt(),
                 0);
    }

    void millionRowsScrollEndToEnd()
    {
        QVERIFY(test::TestCluster::instance().exec(
            kDb, QStringLiteral("CREATE TABLE big (id int PRIMARY KEY, label text NOT NULL);"
                                "INSERT INTO big SELECT g, 'row ' || g FROM "
                                "generate_series(1, 1000000) g; ANALYZE big;")));
        QSqlDatabase sync = test::TestCluster::instance().open(kDb);
        const auto snapshot = model::CatalogReader::read(sync);
        QVERIFY(snapshot.ok());
        TableBrowser b(m_db.get(), nullptr,
                       *snapshot->table(QStringLiteral("public"), QStringLiteral("big")),
                       snapshot.value());
        b.resize(900, 500);
        b.show();
        QVERIFY(QTest::qWaitForWindowExposed(&b));
        QTRY_VERIFY(b.model()->source()->isRowLoaded(0));
        QVERIFY(b.model()->rowCount() > 900000); // the estimate, at once
        QScrollBar *bar = b.view()->verticalScrollBar();
        bar->setValue(bar->maximum());
        // The estimate becomes the exact count meanwhile, which may add or remove rows at
        // the end: keep the scroll bar at the bottom as a user holding End would.
        QVERIFY(QTest::qWaitFor(
            [&] {
                bar->setValue(bar->maximum());
                return b.model()->source()->isCountExact() &&
                       b.model()->source()->isRowLoaded(b.model()->rowCount() - 1);
            },
            20000));
        QTRY_COMPARE_WITH_TIMEOUT(
            b.model()->index(b.model()->rowCount() - 1, 0).data(Qt::EditRole).toInt(), 1000000,
            10000);
        bar->setValue(bar->maximum() / 2);
        const int middle = b.view()->rowAt(b.view()->viewport()->height() / 2);
        QTRY_VERIFY_WITH_TIMEOUT(b.model()->source()->isRowLoaded(middle), 10000);
        const int id = b.model()->index(middle, 0).data(Qt::EditRole).toInt();
        QVERIFY2(id > 400000 && id < 600000, qPrintable(QString::number(id)));
        // Far fewer rows were read than the table holds.
        QVERIFY(b.model()->source()->rowsFetched() < 5000);
    }

    void insertThroughTheFormAndCloseAsksFirst()
    {
        auto b = open("workers");
        QVERIFY(b);
        b->setFormVisible(true);
        b->action(TableBrowser::Action::Insert)->trigger();
        const int row = b->model()->rowCount() - 1;
        QCOMPARE(b->form()->currentRow(), row);
        auto *name = qobject_cast<QLineEdit *>(b->form()->editor(col(*b, "username")));
        QVERIFY(name);
        name->setFocus();
        QTest::keyClicks(name, QStringLiteral("Barsuk"));
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(b->model()->rowState(row), EditableTableModel::RowState::Inserted);
        snap(b.get(), "form-insert");
        // Closing with pending edits asks; Cancel keeps everything.
        whenModal([](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            QVERIFY(box);
            box->button(QMessageBox::Cancel)->click();
        });
        QVERIFY(!b->confirmClose());
        QVERIFY(b->model()->hasPendingChanges());
        QVERIFY(commitAndWait(*b));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM workers WHERE username = 'Barsuk'"))
                     .toInt(),
                 1);
        QVERIFY(b->confirmClose());
    }

    // File → Import… on the tool bar: the dialog imports into the grid's table, which reloads.
    void importFromTheToolbarReloadsTheGrid()
    {
        auto b = open("workers");
        QVERIFY(b);
        const int before = scalar(QStringLiteral("SELECT count(*) FROM workers")).toInt();
        QTRY_COMPARE(b->model()->rowCount(), before);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("workers.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("username\n\"Imported \"\"one\"\"\"\nImported two\n");
        file.close();
        bool imported = false;
        whenModal([&](QWidget *modal) {
            auto *dialog = qobject_cast<ui::ImportDialog *>(modal);
            QVERIFY(dialog);
            QSignalSpy finished(dialog, &ui::ImportDialog::importFinished);
            dialog->setFile(path);
            dialog->startImport();
            QVERIFY(finished.wait(20000));
            imported = finished.first().first().toBool();
            dialog->reject();
        });
        QVERIFY(b->action(TableBrowser::Action::Import)->isEnabled());
        b->action(TableBrowser::Action::Import)->trigger();
        QVERIFY(imported);
        QTRY_COMPARE(b->model()->rowCount(), before + 2);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM workers WHERE username = "
                                       "'Imported \"one\"'"))
                     .toInt(),
                 1);
        QVERIFY(test::TestCluster::instance().exec(
            kDb, QStringLiteral("DELETE FROM workers WHERE username LIKE 'Imported %'")));
    }
};

QTEST_MAIN(TestTableBrowser)
#include "tst_tablebrowser.moc"
