// The console's editor and find bar driven by typing: the statement under the caret as the
// parser splits it (UTF-8 text before it included), the selection instead, Ctrl+/ comments,
// error marks at the server's line and column, find, replace and replace all, the parameter
// panel's values.

#include "typetext.h"
#include "ui/console/findbar.h"
#include "ui/console/parameterpanel.h"
#include "ui/console/sqleditor.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtTest>

using dbx::ui::FindBar;
using dbx::ui::ParameterPanel;
using dbx::ui::SqlEditor;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// Puts the caret just after the first occurrence of `marker` in the editor's text.
void caretAfter(SqlEditor &editor, const QString &marker)
{
    const qsizetype at = editor.text().indexOf(marker);
    QVERIFY2(at >= 0, qPrintable(marker));
    editor.setCursorIndex(at + marker.size());
}
} // namespace

class TstSqlEditor : public QObject {
    Q_OBJECT
private slots:
    void statementUnderCaret();
    void selectionWins();
    void commentToggle();
    void errorMark();
    void keywordsReplaceable();
    void findAndReplace();
    void parameterPanel();
};

void TstSqlEditor::statementUnderCaret()
{
    SqlEditor editor;
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setFocus();
    // Typed, with Cyrillic and an emoji before the statements, so byte and character
    // positions differ; a semicolon inside a string and a dollar quote does not split.
    dbx::test::typeText(&editor, s("-- отчёт 😀\nSELECT 'a;b' AS x;\nSELECT $$;$$ AS y;\n"
                                   "UPDATE t SET n = 'ё' WHERE id = :id"));
    QCOMPARE(editor.statements().size(), 3);

    caretAfter(editor, s("SELECT 'a"));
    QCOMPARE(editor.statementAtCursor().text, s("SELECT 'a;b' AS x"));
    QCOMPARE(editor.statementAtCursor().line, 2);
    caretAfter(editor, s("AS y;"));
    QCOMPARE(editor.statementAtCursor().text, s("SELECT $$;$$ AS y"));
    caretAfter(editor, s("WHERE"));
    const auto last = editor.statementAtCursor();
    QCOMPARE(last.text, s("UPDATE t SET n = 'ё' WHERE id = :id"));
    QCOMPARE(last.line, 4);
    QCOMPARE(editor.text().mid(last.start, last.length), last.text);
    // Before the first statement (inside the comment) means the first one.
    editor.setCursorIndex(3);
    QCOMPARE(editor.statementAtCursor().text, s("SELECT 'a;b' AS x"));
    // Positions round-trip between QString indices and Scintilla's bytes.
    const qsizetype index = editor.text().indexOf(s("UPDATE"));
    QCOMPARE(editor.indexOfPosition(editor.positionOfIndex(index)), index);
    QVERIFY(editor.positionOfIndex(index) > int(index)); // multi-byte text before it
}

void TstSqlEditor::selectionWins()
{
    SqlEditor editor;
    editor.setText(s("SELECT 1;\nSELECT 2 + 3;\n"));
    editor.setSelection(1, 7, 1, 12);
    const auto span = editor.textToRun();
    QCOMPARE(span.text, s("2 + 3"));
    QCOMPARE(span.start, editor.text().indexOf(s("2 + 3")));
    QCOMPARE(span.line, 2);
}

void TstSqlEditor::commentToggle()
{
    SqlEditor editor;
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setFocus();
    dbx::test::typeText(&editor, s("SELECT 1\n  FROM t"));
    QTest::keyClick(&editor, Qt::Key_Slash, Qt::ControlModifier);
    QCOMPARE(editor.text(), s("SELECT 1\n  -- FROM t"));
    QTest::keyClick(&editor, Qt::Key_Slash, Qt::ControlModifier);
    QCOMPARE(editor.text(), s("SELECT 1\n  FROM t"));
    // Several lines: commented at their common indentation, then uncommented together.
    editor.selectAll();
    QTest::keyClick(&editor, Qt::Key_Slash, Qt::ControlModifier);
    QCOMPARE(editor.text(), s("-- SELECT 1\n--   FROM t"));
    editor.selectAll();
    QTest::keyClick(&editor, Qt::Key_Slash, Qt::ControlModifier);
    QCOMPARE(editor.text(), s("SELECT 1\n  FROM t"));
    // One undo step per toggle.
    QTest::keyClick(&editor, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(editor.text(), s("-- SELECT 1\n--   FROM t"));
}

void TstSqlEditor::errorMark()
{
    SqlEditor editor;
    editor.setText(s("SELECT 'ж';\nSELECT nosuch\n  FROM t;"));
    editor.markError(2, 8, s("column \"nosuch\" does not exist"));
    QVERIFY(editor.hasErrorMark());
    int line = -1, index = -1;
    editor.getCursorPosition(&line, &index);
    QCOMPARE(line, 1);
    QCOMPARE(index, 7);
    QCOMPARE(editor.annotation(1), s("column \"nosuch\" does not exist"));
    // The indicator covers the word "nosuch".
    const int at = editor.positionOfIndex(editor.text().indexOf(s("nosuch")));
    QVERIFY(editor.SendScintilla(SqlEditor::SCI_INDICATORALLONFOR, at) != 0);
    QVERIFY(editor.SendScintilla(SqlEditor::SCI_INDICATORALLONFOR, at + 5) != 0);
    QCOMPARE(editor.SendScintilla(SqlEditor::SCI_INDICATORALLONFOR, at + 6), 0);
    QCOMPARE(editor.SendScintilla(SqlEditor::SCI_INDICATORALLONFOR, at - 1), 0);
    // Editing the text removes the mark.
    editor.insert(s(" "));
    QVERIFY(!editor.hasErrorMark());
    QVERIFY(editor.annotation(1).isEmpty());
}

void TstSqlEditor::keywordsReplaceable()
{
    SqlEditor editor;
    QVERIFY(editor.keywords().contains(s("select")));
    QVERIFY(editor.keywords().contains(s("tablesample")));
    editor.setKeywords({s("SELECT"), s("Frobnicate")});
    QCOMPARE(editor.keywords(), (QStringList{s("select"), s("frobnicate")}));
}

void TstSqlEditor::findAndReplace()
{
    QWidget page;
    auto *layout = new QVBoxLayout(&page);
    auto *editor = new SqlEditor(&page);
    layout->addWidget(editor);
    auto *bar = new FindBar(editor, &page);
    layout->addWidget(bar);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    editor->setText(s("select a from t;\nSELECT b FROM t;\nselect c from t;"));
    editor->setFocus();
    editor->setCursorPosition(0, 0);
    QTest::keyClick(editor, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(bar->isVisible());
    auto *find = bar->findChild<QLineEdit *>(s("findText"));
    QVERIFY(find->hasFocus());
    QTest::keyClicks(find, s("select"));
    int line = -1, index = -1;
    editor->getCursorPosition(&line, &index);
    QCOMPARE(line, 0);
    QTest::keyClick(find, Qt::Key_Return);
    editor->getCursorPosition(&line, &index);
    QCOMPARE(line, 1); // case-insensitive by default
    bar->findChild<QCheckBox *>(s("findMatchCase"))->setChecked(true);
    QTest::keyClick(find, Qt::Key_Return);
    editor->getCursorPosition(&line, &index);
    QCOMPARE(line, 2);
    QTest::keyClick(find, Qt::Key_Return, Qt::ShiftModifier);
    editor->getCursorPosition(&line, &index);
    QCOMPARE(line, 0); // previous, skipping SELECT of line 2
    QCOMPARE(editor->selectedText(), s("select"));
    find->clear();
    QTest::keyClicks(find, s("nothing here"));
    QCOMPARE(bar->findChild<QLabel *>(s("findStatus"))->text(), s("Not found"));

    // Ctrl+H: the replace row; a regular expression with a group.
    editor->setFocus();
    editor->setCursorPosition(0, 0);
    QTest::keyClick(editor, Qt::Key_H, Qt::ControlModifier);
    auto *replace = bar->findChild<QLineEdit *>(s("replaceText"));
    QVERIFY(replace->isVisible());
    bar->findChild<QCheckBox *>(s("findRegex"))->setChecked(true);
    find->clear();
    QTest::keyClicks(find, s("from t"));
    QTest::keyClicks(replace, s("FROM u"));
    QTest::mouseClick(bar->findChild<QPushButton *>(s("replaceOne")), Qt::LeftButton);
    QCOMPARE(editor->text(), s("select a FROM u;\nSELECT b FROM t;\nselect c from t;"));
    bar->findChild<QCheckBox *>(s("findMatchCase"))->setChecked(false);
    find->clear();
    QTest::keyClicks(find, s("(a|b|c) from"));
    replace->clear();
    QTest::keyClicks(replace, s("x from"));
    QTest::mouseClick(bar->findChild<QPushButton *>(s("replaceAll")), Qt::LeftButton);
    QCOMPARE(editor->text(), s("select x from u;\nSELECT x from t;\nselect x from t;"));
    // Replace All is one undo step.
    editor->undo();
    QCOMPARE(editor->text(), s("select a FROM u;\nSELECT b FROM t;\nselect c from t;"));
    QTest::keyClick(find, Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
}

void TstSqlEditor::parameterPanel()
{
    ParameterPanel panel;
    panel.show();
    panel.setSql(s("SELECT :a, ':x', $2, id::text -- :y\nFROM t WHERE b = :a AND c = $$ :z $$"));
    QCOMPARE(panel.names(), (QStringList{s("a"), s("$2")}));
    QVERIFY(panel.valueEdit(s("a")));
    QVERIFY(!panel.valueEdit(s("x")));
    QTest::keyClicks(panel.valueEdit(s("a")), s("'); DROP TABLE x; --"));
    panel.nullBox(s("$2"))->setChecked(true);
    dbx::model::ParameterValues values = panel.values();
    QCOMPARE(values.value(s("a")), std::optional<QString>(s("'); DROP TABLE x; --")));
    QVERIFY(values.contains(s("2")) && !values.value(s("2")).has_value());
    QVERIFY(!panel.valueEdit(s("$2"))->isEnabled());
    QCOMPARE(panel.unset({s("a"), s("$2"), s("b")}), QStringList{s("b")});
    // A name removed from the text keeps its value for when it comes back.
    panel.setSql(s("SELECT 1"));
    QVERIFY(panel.names().isEmpty());
    panel.setSql(s("SELECT :a"));
    QCOMPARE(panel.valueEdit(s("a"))->text(), s("'); DROP TABLE x; --"));
    ParameterPanel other;
    other.setValues(values);
    other.setSql(s("SELECT $2, :a"));
    QVERIFY(other.nullBox(s("$2"))->isChecked());
    QCOMPARE(other.valueEdit(s("a"))->text(), s("'); DROP TABLE x; --"));
}

QTEST_MAIN(TstSqlEditor)
#include "tst_sqleditor.moc"
