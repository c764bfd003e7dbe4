#include "ui/console/sqleditor.h"

#include "model/script/scriptrunner.h"
#include "model/script/sqlparameters.h"

#include <Qsci/qscicommand.h>
#include <Qsci/qscicommandset.h>
#include <Qsci/qscilexersql.h>

#include <QApplication>
#include <QFontDatabase>
#include <QPalette>
#include <QShortcut>

#include <algorithm>
#include <climits>

namespace dbx::ui {

// QsciLexerSQL takes its keywords from a virtual function; this one answers with a list that
// can be replaced at run time (the server's own keywords once connected).
class PostgresLexer : public QsciLexerSQL {
public:
    explicit PostgresLexer(QObject *parent)
        : QsciLexerSQL(parent)
    {
        setKeywordList(SqlEditor::postgresKeywords());
    }
    const char *keywords(int set) const override
    {
        return set == 1 ? m_keywords.constData() : nullptr;
    }
    void setKeywordList(const QStringList &list)
    {
        QStringList lower;
        for (const QString &word : list)
            lower << word.toLower();
        m_list = lower;
        m_keywords = lower.join(QLatin1Char(' ')).toUtf8();
    }
    QStringList keywordList() const { return m_list; }

private:
    QStringList m_list;
    QByteArray m_keywords;
};

namespace {

constexpr int kLineNumberMargin = 0;

// The character index in `text` where its 1-based `line` starts.
qsizetype lineStartIndex(const QString &text, int line)
{
    qsizetype at = 0;
    for (int l = 1; l < line && at >= 0; ++l) {
        at = text.indexOf(u'\n', at);
        if (at >= 0)
            ++at;
    }
    return at < 0 ? text.size() : at;
}

// Whether a line is a `--` comment, ignoring its indentation.
bool isCommented(const QString &line)
{
    return line.trimmed().startsWith(QLatin1String("--"));
}

int leadingBlanks(const QString &line)
{
    int blanks = 0;
    while (blanks < line.size() && (line.at(blanks) == u' ' || line.at(blanks) == u'\t'))
        ++blanks;
    return blanks;
}

} // namespace

SqlEditor::SqlEditor(QWidget *parent)
    : QsciScintilla(parent)
    , m_lexer(new PostgresLexer(this))
{
    setObjectName(QStringLiteral("sqlEditor"));
    setUtf8(true);
    setUpLook();
    setUpMargins();
    m_errorIndicator = indicatorDefine(QsciScintilla::SquiggleIndicator);
    setIndicatorForegroundColor(QColor(0xd0, 0x20, 0x20), m_errorIndicator);
    // Scintilla binds Ctrl+/ (word part left) and Ctrl+T (transpose lines); here they are the
    // comment toggle and the window's New Console.
    for (const QKeySequence &keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Slash), QKeySequence(Qt::CTRL | Qt::Key_T)}) {
        if (QsciCommand *bound = standardCommands()->boundTo(keys[0].toCombined()))
            bound->setKey(0);
    }
    auto *comment = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash), this);
    comment->setContext(Qt::WidgetWithChildrenShortcut);
    connect(comment, &QShortcut::activated, this, &SqlEditor::toggleComment);
    // An error mark belongs to the text it was found in.
    connect(this, &QsciScintilla::textChanged, this, [this] {
        if (m_errorLine >= 0)
            clearErrors();
    });
}

void SqlEditor::setUpLook()
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_lexer->setDefaultFont(mono);
    m_lexer->setFont(mono);
    for (int style = 0; style <= QsciLexerSQL::QuotedOperator; ++style)
        m_lexer->setFont(mono, style);
    m_lexer->setFoldComments(true);
    setLexer(m_lexer);
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setCaretLineVisible(true);
    const QPalette palette = QApplication::palette();
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    setCaretLineBackgroundColor(dark ? QColor(0x2a, 0x2d, 0x3a) : QColor(0xf0, 0xf4, 0xff));
    setIndentationsUseTabs(false);
    setTabWidth(4);
    setAutoIndent(true);
    setWrapMode(QsciScintilla::WrapNone);
    setAnnotationDisplay(QsciScintilla::AnnotationBoxed);
}

void SqlEditor::setUpMargins()
{
    setMarginType(kLineNumberMargin, QsciScintilla::NumberMargin);
    setMarginLineNumbers(kLineNumberMargin, true);
    setMarginWidth(kLineNumberMargin, QStringLiteral("00000"));
    setFolding(QsciScintilla::BoxedTreeFoldStyle, 2);
}

void SqlEditor::setKeywords(const QStringList &keywords)
{
    m_lexer->setKeywordList(keywords);
    // The lexer reads the list when it is attached: attach it again to restyle the text.
    setLexer(nullptr);
    setLexer(m_lexer);
}

QStringList SqlEditor::keywords() const
{
    return m_lexer->keywordList();
}

void SqlEditor::toggleComment()
{
    int lineFrom = 0, indexFrom = 0, lineTo = 0, indexTo = 0;
    if (hasSelection()) {
        getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
        if (indexTo == 0 && lineTo > lineFrom)
            --lineTo; // a selection ending at a line's start does not take that line
    } else {
        getCursorPosition(&lineFrom, &indexFrom);
        lineTo = lineFrom;
    }
    bool allCommented = true;
    int indent = INT_MAX;
    for (int l = lineFrom; l <= lineTo; ++l) {
        const QString line = text(l);
        if (line.trimmed().isEmpty())
            continue;
        allCommented = allCommented && isCommented(line);
        indent = std::min(indent, leadingBlanks(line));
    }
    if (indent == INT_MAX)
        return; // only blank lines
    beginUndoAction();
    for (int l = lineFrom; l <= lineTo; ++l) {
        const QString line = text(l);
        if (line.trimmed().isEmpty())
            continue;
        const int at = int(line.indexOf(QLatin1String("--")));
        if (allCommented) {
            const int length = line.mid(at + 2).startsWith(u' ') ? 3 : 2;
            setSelection(l, at, l, at + length);
            removeSelectedText();
        } else {
            insertAt(QStringLiteral("-- "), l, indent);
        }
    }
    endUndoAction();
    if (lineTo > lineFrom)
        setSelection(lineFrom, 0, lineTo, lineLength(lineTo) - (lineTo + 1 < lines() ? 1 : 0));
}

QList<EditorSpan> SqlEditor::statements() const
{
    const QString script = text();
    // Only where the statements are matters here: every parameter gets a NULL.
    model::ParameterValues values;
    for (const model::ParameterRef &ref : model::findParameters(script))
        values.insert(ref.name, std::nullopt);
    const auto steps = model::ScriptRunner::prepare(script, values);
    QList<EditorSpan> spans;
    if (!steps.ok())
        return spans;
    for (const model::ScriptStep &step : steps.value())
        spans << EditorSpan{step.offset, step.source.sql.size(), step.source.line, step.source.sql};
    return spans;
}

EditorSpan SqlEditor::statementAtCursor() const
{
    const QList<EditorSpan> spans = statements();
    if (spans.isEmpty())
        return {};
    const qsizetype caret = cursorIndex();
    // The caret right after a statement's semicolon, or on the blank lines after it, still
    // means that statement: the last one that starts at or before the caret.
    EditorSpan chosen = spans.first();
    for (const EditorSpan &span : spans) {
        if (span.start > caret)
            break;
        chosen = span;
    }
    return chosen;
}

EditorSpan SqlEditor::textToRun() const
{
    if (!hasSelection())
        return statementAtCursor();
    int lineFrom = 0, indexFrom = 0, lineTo = 0, indexTo = 0;
    getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
    const qsizetype start = indexOfPosition(positionFromLineIndex(lineFrom, indexFrom));
    const QString selected = selectedText();
    return EditorSpan{start, selected.size(), lineFrom + 1, selected};
}

void SqlEditor::markError(int line, int column, const QString &message)
{
    clearErrors();
    const QString all = text();
    const qsizetype lineStart = lineStartIndex(all, std::max(line, 1));
    qsizetype at = std::min(lineStart + std::max(column, 1) - 1, all.size());
    // Underline the word the server points at (at least one character).
    qsizetype end = at;
    while (end < all.size() && !all.at(end).isSpace() && all.at(end) != u';')
        ++end;
    if (end == at)
        end = std::min(at + 1, all.size());
    const int from = positionOfIndex(at);
    const int to = positionOfIndex(end);
    SendScintilla(SCI_SETINDICATORCURRENT, m_errorIndicator);
    SendScintilla(SCI_INDICATORFILLRANGE, from, to - from);
    m_errorLine = std::max(line, 1) - 1;
    annotate(m_errorLine, message, 0);
    // The annotation and indicator are not text changes, but annotate() is reported as one by
    // some QScintilla versions: keep the mark until the user edits.
    setCursorIndex(at);
    ensureLineVisible(m_errorLine);
    setFocus();
}

void SqlEditor::clearErrors()
{
    SendScintilla(SCI_SETINDICATORCURRENT, m_errorIndicator);
    SendScintilla(SCI_INDICATORCLEARRANGE, 0, length());
    clearAnnotations();
    m_errorLine = -1;
}

bool SqlEditor::hasSelection() const
{
    return SendScintilla(SCI_GETSELECTIONEMPTY) == 0;
}

qsizetype SqlEditor::cursorIndex() const
{
    return indexOfPosition(int(SendScintilla(SCI_GETCURRENTPOS)));
}

void SqlEditor::setCursorIndex(qsizetype index)
{
    const int position = positionOfIndex(index);
    SendScintilla(SCI_GOTOPOS, position);
}

int SqlEditor::positionOfIndex(qsizetype index) const
{
    const QString all = text();
    index = std::clamp<qsizetype>(index, 0, all.size());
    return int(QStringView(all).left(index).toUtf8().size());
}

qsizetype SqlEditor::indexOfPosition(int position) const
{
    const QByteArray bytes = text().toUtf8();
    return QString::fromUtf8(bytes.left(std::clamp<qsizetype>(position, 0, bytes.size()))).size();
}

QStringList SqlEditor::postgresKeywords()
{
    // PostgreSQL 15's keyword list (pg_get_keywords()), for highlighting before a server has
    // said which ones it knows.
    static const QStringList words =
        QStringLiteral(
            "abort absolute access action add admin after aggregate all also alter always "
            "analyse analyze and any array as asc asensitive assertion assignment asymmetric at "
            "atomic attach attribute authorization backward before begin between bigint binary "
            "bit boolean both breadth by cache call called cascade cascaded case cast catalog "
            "chain char character characteristics check checkpoint class close cluster coalesce "
            "collate collation column columns comment comments commit committed compression "
            "concurrently configuration conflict connection constraint constraints content "
            "continue conversion copy cost create cross csv cube current current_catalog "
            "current_date current_role current_schema current_time current_timestamp "
            "current_user cursor cycle data database day deallocate dec decimal declare default "
            "defaults deferrable deferred definer delete delimiter delimiters depends depth desc "
            "detach dictionary disable discard distinct do document domain double drop each "
            "else enable encoding encrypted end enum escape event except exclude excluding "
            "exclusive execute exists explain expression extension external extract false "
            "family fetch filter finalize first float following for force foreign forward "
            "freeze from full function functions generated global grant granted greatest group "
            "grouping groups handler having header hold hour identity if ilike immediate "
            "immutable implicit import in include including increment indent index indexes "
            "inherit inherits initially inline inner inout input insensitive insert instead int "
            "integer intersect interval into invoker is isnull isolation join key label "
            "language large last lateral leading leakproof least left level like limit listen "
            "load local localtime localtimestamp location lock locked logged mapping match "
            "matched materialized maxvalue merge method minute minvalue mode month move name "
            "names national natural nchar new next nfc nfd nfkc nfkd no none normalize "
            "normalized not nothing notify notnull nowait null nullif nulls numeric object of "
            "off offset oids old on only operator option options or order ordinality others out "
            "outer over overlaps overlay overriding owned owner parallel parameter parser "
            "partial partition passing password placing plans policy position preceding "
            "precision prepare prepared preserve primary prior privileges procedural procedure "
            "procedures program publication quote range read real reassign recheck recursive "
            "ref references referencing refresh reindex relative release rename repeatable "
            "replace replica reset restart restrict return returning returns revoke right role "
            "rollback rollup routine routines row rows rule savepoint schema schemas scroll "
            "search second security select sequence sequences serializable server session "
            "session_user set setof sets share show similar simple skip smallint snapshot some "
            "sql stable standalone start statement statistics stdin stdout storage stored "
            "strict strip subscription substring support symmetric sysid system system_user "
            "table tables tablesample tablespace temp template temporary text then ties time "
            "timestamp to trailing transaction transform treat trigger trim true truncate "
            "trusted type types uescape unbounded uncommitted unencrypted union unique unknown "
            "unlisten unlogged until update user using vacuum valid validate validator value "
            "values varchar variadic varying verbose version view views volatile when where "
            "whitespace window with within without work wrapper write xml xmlattributes "
            "xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot "
            "xmlserialize xmltable year yes zone")
            .split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return words;
}

} // namespace dbx::ui
