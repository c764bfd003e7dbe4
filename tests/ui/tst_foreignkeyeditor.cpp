// ForeignKeyEditor against a real server, driven by keys and clicks: typing part of a username
// lists the matching workers, the keyboard or the mouse picks one and key() is its id; Escape
// gives the old value back; NULL only where the column allows it.

#include "testcluster.h"
#include "ui/edit/foreignkeyeditor.h"

#include <QApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QToolButton>
#include <QtTest>

using namespace dbx::model;
using dbx::ui::ForeignKeyEditor;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
const QString kDb = QStringLiteral("fkeditor");

ForeignLabel workersFk()
{
    return ForeignLabel{s("worker_id"), s("public"), s("workers"), s("id"), s("username")};
}

QStringList texts(const QListWidget *list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        out << list->item(i)->text();
    return out;
}
// The smallest delegate a grid would use: the editor's choice is committed and closes it.
class LookupDelegate : public QStyledItemDelegate {
public:
    LookupDelegate(Database *db, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_db(db)
    {}

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &,
                          const QModelIndex &) const override
    {
        auto *editor = new ForeignKeyEditor(m_db, workersFk(), false, parent);
        connect(editor, &ForeignKeyEditor::valueChosen, this, [this, editor] {
            auto *self = const_cast<LookupDelegate *>(this);
            emit self->commitData(editor);
            emit self->closeEditor(editor);
        });
        return editor;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        static_cast<ForeignKeyEditor *>(editor)->setValue(index.data().toString(),
                                                          index.data(Qt::UserRole).toString());
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override
    {
        // Both read first: the first setData makes the view refresh the open editor.
        const auto *fk = static_cast<ForeignKeyEditor *>(editor);
        const QString key = fk->key();
        const QString label = fk->label();
        model->setData(index, label, Qt::UserRole);
        model->setData(index, key);
    }

private:
    Database *m_db;
};
} // namespace

class TestForeignKeyEditor : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Database> m_db;

    std::unique_ptr<ForeignKeyEditor> makeEditor(bool nullable,
                                                 const ForeignLabel &fk = workersFk())
    {
        auto editor = std::make_unique<ForeignKeyEditor>(m_db.get(), fk, nullable);
        editor->resize(300, editor->sizeHint().height());
        editor->show();
        QApplication::setActiveWindow(editor.get());
        editor->setFocus();
        return editor;
    }

    static QLineEdit *field(ForeignKeyEditor &editor)
    {
        return editor.findChild<QLineEdit *>(s("foreignKeyText"));
    }

    static QListWidget *popup(ForeignKeyEditor &editor)
    {
        return editor.findChild<QListWidget *>(s("foreignKeyPopup"));
    }

    // A key as the user presses it: through the window, so an open popup receives it first.
    static void press(ForeignKeyEditor &editor, Qt::Key key)
    {
        QTest::keyClick(editor.windowHandle(), key);
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        QVERIFY(cluster.exec(kDb, s(R"(
CREATE TABLE workers (id int PRIMARY KEY, username text NOT NULL);
INSERT INTO workers VALUES (1, 'alice'), (2, 'bob'), (3, 'Alicia Keys'), (4, 'carol'),
  (5, 'malice'), (6, '''; DROP TABLE workers; --'), (7, 'Bob');
CREATE TABLE resumes (id int PRIMARY KEY, worker_id int REFERENCES workers (id));
CREATE TABLE codes (code text PRIMARY KEY);
INSERT INTO codes VALUES ('A1'), ('A2'), ('B1');
)")));
        m_db = std::make_unique<Database>();
        QSignalSpy connected(m_db.get(), &Database::connected);
        m_db->connectTo(cluster.spec(kDb));
        QVERIFY(connected.wait(10000));
    }

    void cleanupTestCase() { m_db.reset(); }

    void picksFromThePopupWithTheKeyboard()
    {
        auto editor = makeEditor(false);
        QSignalSpy chosen(editor.get(), &ForeignKeyEditor::valueChosen);
        editor->setValue(s("2"), s("bob"));
        QCOMPARE(field(*editor)->text(), s("2 · bob"));
        // The shown value is selected: typing replaces it.
        QTest::keyClicks(field(*editor), s("lic"));
        QTRY_VERIFY(popup(*editor)->isVisible());
        QCOMPARE(QApplication::activePopupWidget(), popup(*editor));
        QCOMPARE(texts(popup(*editor)),
                 (QStringList{s("3 — Alicia Keys"), s("1 — alice"), s("5 — malice")}));
        QCOMPARE(popup(*editor)->currentRow(), 0);
        press(*editor, Qt::Key_Down);
        QCOMPARE(popup(*editor)->currentRow(), 1);
        QCOMPARE(chosen.size(), 0);
        press(*editor, Qt::Key_Return);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(editor->key(), s("1"));
        QCOMPARE(editor->label(), s("alice"));
        QVERIFY(!editor->isNull());
        QVERIFY(!popup(*editor)->isVisible());
        QCOMPARE(field(*editor)->text(), s("1 · alice"));
    }

    void typingGoesOnWhileThePopupIsOpen()
    {
        auto editor = makeEditor(false);
        QTest::keyClicks(field(*editor), s("ali"));
        QTRY_VERIFY(popup(*editor)->isVisible());
        QCOMPARE(popup(*editor)->count(), 3);
        // These keys reach the popup first; it hands them to the field, which searches again.
        press(*editor, Qt::Key_C);
        press(*editor, Qt::Key_I);
        QCOMPARE(field(*editor)->text(), s("alici"));
        QTRY_COMPARE(texts(popup(*editor)), QStringList{s("3 — Alicia Keys")});
        press(*editor, Qt::Key_Return);
        QCOMPARE(editor->key(), s("3"));
    }

    void escapeRestoresTheValue()
    {
        auto editor = makeEditor(false);
        QSignalSpy chosen(editor.get(), &ForeignKeyEditor::valueChosen);
        editor->setValue(s("4"), s("carol"));
        QTest::keyClicks(field(*editor), s("bo"));
        QTRY_VERIFY(popup(*editor)->isVisible());
        QCOMPARE(texts(popup(*editor)), (QStringList{s("7 — Bob"), s("2 — bob")}));
        press(*editor, Qt::Key_Escape);
        QVERIFY(!popup(*editor)->isVisible());
        QCOMPARE(field(*editor)->text(), s("4 · carol"));
        QCOMPARE(editor->key(), s("4"));
        QCOMPARE(chosen.size(), 0);
    }

    void picksWithTheMouse()
    {
        auto editor = makeEditor(false);
        QSignalSpy chosen(editor.get(), &ForeignKeyEditor::valueChosen);
        QTest::keyClicks(field(*editor), s("drop"));
        QTRY_VERIFY(popup(*editor)->isVisible());
        QCOMPARE(texts(popup(*editor)), QStringList{s("6 — '; DROP TABLE workers; --")});
        QListWidget *list = popup(*editor);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualItemRect(list->item(0)).center());
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(editor->key(), s("6"));
        QSqlQuery q(dbx::test::TestCluster::instance().open(kDb));
        QVERIFY(q.exec(s("SELECT count(*) FROM workers")) && q.next());
        QCOMPARE(q.value(0).toInt(), 7);
    }

    void enterTakesTheTypedKeyOrLabel()
    {
        auto editor = makeEditor(false);
        QSignalSpy chosen(editor.get(), &ForeignKeyEditor::valueChosen);
        // Enter before the search has even started: the editor waits for the answer.
        QTest::keyClicks(field(*editor), s("4"));
        QTest::keyClick(field(*editor), Qt::Key_Return);
        QTRY_COMPARE(chosen.size(), 1);
        QCOMPARE(editor->key(), s("4"));
        QCOMPARE(field(*editor)->text(), s("4 · carol"));
        // A whole label, typed in another case.
        QTest::keyClicks(field(*editor), s("MALICE"));
        QTest::keyClick(field(*editor), Qt::Key_Return);
        QTRY_COMPARE(chosen.size(), 2);
        QCOMPARE(editor->key(), s("5"));
        // "bob" and "Bob" are both whole matches: the user chooses from the list.
        QTest::keyClicks(field(*editor), s("bob"));
        QTest::keyClick(field(*editor), Qt::Key_Return);
        QTRY_VERIFY(popup(*editor)->isVisible());
        QCOMPARE(chosen.size(), 2);
        QCOMPARE(editor->key(), s("5"));
        press(*editor, Qt::Key_Down);
        press(*editor, Qt::Key_Enter);
        QCOMPARE(chosen.size(), 3);
        QCOMPARE(editor->key(), s("2"));
    }

    void downListsTheFirstRows()
    {
        auto editor = makeEditor(false);
        editor->setValue(s("1"), s("alice"));
        QTest::keyClick(field(*editor), Qt::Key_Down);
        QTRY_VERIFY(popup(*editor)->isVisible());
        QCOMPARE(popup(*editor)->count(), 7);
        QCOMPARE(popup(*editor)->item(0)->text(), s("6 — '; DROP TABLE workers; --"));
        press(*editor, Qt::Key_Escape);
        QCOMPARE(editor->key(), s("1"));
    }

    void nullOnlyWhenNullable()
    {
        auto strict = makeEditor(false);
        QVERIFY(!strict->findChild<QToolButton *>(s("foreignKeyNull")));
        strict->setValue(s("2"), s("bob"));
        strict->setNull();
        QVERIFY(!strict->isNull());
        QCOMPARE(strict->key(), s("2"));
        // Emptying the field of a NOT NULL column keeps the value.
        field(*strict)->clear();
        QTest::keyClick(field(*strict), Qt::Key_Return);
        QCOMPARE(strict->key(), s("2"));
        QCOMPARE(field(*strict)->text(), s("2 · bob"));
        strict.reset();

        auto loose = makeEditor(true);
        QSignalSpy chosen(loose.get(), &ForeignKeyEditor::valueChosen);
        loose->setValue(s("2"), s("bob"));
        field(*loose)->clear();
        QTest::keyClick(field(*loose), Qt::Key_Return);
        QCOMPARE(chosen.size(), 1);
        QVERIFY(loose->isNull());
        QCOMPARE(loose->key(), QString());
        loose->setValue(s("3"), s("Alicia Keys"));
        QTest::mouseClick(loose->findChild<QToolButton *>(s("foreignKeyNull")), Qt::LeftButton);
        QCOMPARE(chosen.size(), 2);
        QVERIFY(loose->isNull());
        QVERIFY(field(*loose)->text().isEmpty());
    }

    void editsAGridCell()
    {
        QTableWidget grid(1, 1);
        grid.setItemDelegate(new LookupDelegate(m_db.get(), &grid));
        auto *cell = new QTableWidgetItem(s("2"));
        cell->setData(Qt::UserRole, s("bob"));
        grid.setItem(0, 0, cell);
        grid.resize(400, 200);
        grid.show();
        QApplication::setActiveWindow(&grid);
        QVERIFY(QTest::qWaitForWindowActive(&grid));
        grid.setFocus();
        grid.edit(grid.model()->index(0, 0));
        auto *editor = grid.findChild<ForeignKeyEditor *>();
        QVERIFY(editor);
        QCOMPARE(field(*editor)->text(), s("2 · bob"));
        QTest::keyClicks(field(*editor), s("car"));
        QTRY_VERIFY(popup(*editor)->isVisible());
        // The popup took no focus from the editor: the grid still edits the cell.
        QCOMPARE(grid.indexWidget(grid.model()->index(0, 0)), editor);
        QTest::keyClick(grid.windowHandle(), Qt::Key_Return);
        QCOMPARE(cell->text(), s("4"));
        QCOMPARE(cell->data(Qt::UserRole).toString(), s("carol"));
        QTRY_VERIFY(!grid.findChild<ForeignKeyEditor *>());
        QVERIFY(!grid.indexWidget(grid.model()->index(0, 0)));
    }

    void withoutLabelShowsKeys()
    {
        const ForeignLabel fk{s("code"), s("public"), s("codes"), s("code"), QString()};
        auto editor = makeEditor(false, fk);
        QTest::keyClicks(field(*editor), s("A"));
        QTRY_VERIFY(popup(*editor)->isVisible());
        QCOMPARE(texts(popup(*editor)), (QStringList{s("A1"), s("A2")}));
        press(*editor, Qt::Key_Down);
        press(*editor, Qt::Key_Return);
        QCOMPARE(editor->key(), s("A2"));
        QCOMPARE(field(*editor)->text(), s("A2"));
    }
};

QTEST_MAIN(TestForeignKeyEditor)
#include "tst_foreignkeyeditor.moc"
