#include "ui/console/completioncontroller.h"

#include "model/console/completioncatalogsource.h"
#include "ui/common/icons.h"

#include <Qsci/qsciscintilla.h>

#include <QKeyEvent>
#include <QTimer>

namespace dbx::ui {

namespace {

using Kind = model::CompletionCandidate::Kind;

constexpr int kListId = 7301; // the user list's id, to tell ours from other lists
constexpr char kSeparator = '\n';
constexpr int kShownMax = 200;

int imageId(Kind kind)
{
    return int(kind) + 1;
}

const char *iconName(Kind kind)
{
    switch (kind) {
    case Kind::Join:
        return "foreignkey";
    case Kind::Column:
        return "column";
    case Kind::Table:
        return "table";
    case Kind::View:
        return "view";
    case Kind::Function:
        return "function";
    case Kind::Type:
        return "enum";
    case Kind::Schema:
        return "schema";
    case Kind::Keyword:
        return "label";
    }
    return "label";
}

bool isNameCharacter(int c)
{
    return c == '_' || c == '"' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80;
}

} // namespace

CompletionController::CompletionController(QsciScintilla *editor,
                                           model::CompletionCatalogSource *source)
    : QObject(editor)
    , m_editor(editor)
    , m_source(source)
    , m_engine(source ? source->catalog() : nullptr)
{
    m_engine.setLimit(kShownMax);
    editor->installEventFilter(this);
    registerIcons();
    editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSETSEPARATOR, long(kSeparator));
    editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSETTYPESEPARATOR, long('?'));
    // Our order is the ranking; Scintilla must not assume the list is sorted by name.
    editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSETORDER,
                          long(QsciScintillaBase::SC_ORDER_CUSTOM));
    editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSETAUTOHIDE, false);
    editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSETIGNORECASE, true);
    editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSETMAXHEIGHT, 12);
    connect(editor, &QsciScintillaBase::SCN_CHARADDED, this, &CompletionController::characterAdded);
    connect(editor, &QsciScintilla::userListActivated, this, &CompletionController::accept);
    if (source) {
        connect(source, &model::CompletionCatalogSource::loaded, this,
                [this] { m_engine.setCatalog(m_source->catalog()); });
    }
}

void CompletionController::registerIcons()
{
    for (const Kind kind : {Kind::Join, Kind::Column, Kind::Table, Kind::View, Kind::Function,
                            Kind::Type, Kind::Schema, Kind::Keyword})
        m_editor->registerImage(imageId(kind), icon(QLatin1String(iconName(kind))).pixmap(16, 16));
}

bool CompletionController::isListShown() const
{
    return m_editor && m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCACTIVE) != 0;
}

void CompletionController::characterAdded(int character)
{
    m_sinceKey.start();
    const long pos = m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS);
    const bool colon = character == ':' && m_editor->text().toUtf8().left(pos).endsWith("::");
    if (isNameCharacter(character) || character == '.' || colon ||
        (character == ' ' && spaceTriggers()))
        schedule();
    else if (isListShown())
        m_editor->cancelList();
}

// A space right after FROM, JOIN or ON: the next word is a table or a condition.
bool CompletionController::spaceTriggers() const
{
    const QByteArray utf8 = m_editor->text().toUtf8();
    const long pos = m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS);
    const QByteArray before = utf8.left(pos).chopped(pos > 0 ? 1 : 0).toLower();
    for (const char *word : {"from", "join", "on"}) {
        const qsizetype n = qsizetype(qstrlen(word));
        if (before.endsWith(word) &&
            (before.size() == n || !isNameCharacter(uchar(before.at(before.size() - n - 1)))))
            return true;
    }
    return false;
}

// Shows the list once the keystroke has been handled by the editor (and by an open list).
void CompletionController::schedule()
{
    if (m_pending)
        return;
    m_pending = true;
    QTimer::singleShot(0, this, [this] {
        m_pending = false;
        showCompletions(false);
    });
}

QString CompletionController::display(const model::CompletionCandidate &candidate) const
{
    const bool withDetail = candidate.kind == Kind::Column || candidate.kind == Kind::Function ||
                            candidate.kind == Kind::Type;
    QString text = candidate.text;
    if (withDetail && !candidate.detail.isEmpty())
        text += QLatin1String("  ") + candidate.detail;
    text.replace(QLatin1Char(kSeparator), QLatin1Char(' '))
        .replace(QLatin1Char('?'), QChar(0xff1f));
    return text;
}

void CompletionController::showCompletions(bool forced)
{
    if (!m_editor)
        return;
    if (!m_sinceKey.isValid() || forced)
        m_sinceKey.start();
    const QString text = m_editor->text();
    const QByteArray utf8 = text.toUtf8();
    const long pos = m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS);
    const qsizetype cursor = QString::fromUtf8(utf8.left(pos)).size();
    QElapsedTimer engine;
    engine.start();
    const model::CompletionResult result = m_engine.complete(text, cursor, &m_recency);
    m_engineMs = double(engine.nsecsElapsed()) / 1e6;
    m_shown = result.candidates;
    if (m_shown.isEmpty() || (!forced && result.context.suppressed)) {
        if (isListShown())
            m_editor->cancelList();
        m_shown.clear();
        return;
    }
    QByteArray items;
    for (const model::CompletionCandidate &candidate : m_shown) {
        if (!items.isEmpty())
            items += kSeparator;
        items += display(candidate).toUtf8() + '?' + QByteArray::number(imageId(candidate.kind));
    }
    m_editor->SendScintilla(QsciScintillaBase::SCI_USERLISTSHOW, kListId, items.constData());
    m_latencyMs = double(m_sinceKey.nsecsElapsed()) / 1e6;
    m_sinceKey.invalidate();
    emit listShown(int(m_shown.size()));
}

void CompletionController::accept(int id, const QString &item)
{
    if (id != kListId || !m_editor)
        return;
    const model::CompletionCandidate *chosen = nullptr;
    for (const model::CompletionCandidate &candidate : m_shown) {
        if (display(candidate) == item) {
            chosen = &candidate;
            break;
        }
    }
    if (!chosen)
        return;
    const model::CompletionCandidate candidate = *chosen;
    // The word to replace, as it is now (the list closes when the caret moves away).
    const QString text = m_editor->text();
    const QByteArray utf8 = text.toUtf8();
    const long pos = m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS);
    const model::CompletionContext ctx =
        model::completionContext(text, QString::fromUtf8(utf8.left(pos)).size());
    const long start = long(text.left(ctx.replaceStart).toUtf8().size());
    const long end = long(text.left(ctx.replaceEnd).toUtf8().size());
    const QByteArray insert = candidate.insert.toUtf8();
    const QByteArray tail = candidate.insert.right(candidate.caretBack).toUtf8();
    m_editor->beginUndoAction();
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETTARGETSTART, start);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETTARGETEND, end);
    m_editor->SendScintilla(QsciScintillaBase::SCI_REPLACETARGET, long(insert.size()),
                            insert.constData());
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS,
                            start + long(insert.size()) - long(tail.size()));
    m_editor->endUndoAction();
    m_recency.use(candidate.text);
    m_shown.clear();
    emit accepted(candidate);
}

bool CompletionController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_editor || event->type() != QEvent::KeyPress)
        return QObject::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (key->key() == Qt::Key_Space && (key->modifiers() & Qt::ControlModifier)) {
        showCompletions(true);
        return true;
    }
    if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier && isListShown()) {
        m_editor->SendScintilla(QsciScintillaBase::SCI_TAB);
        return true;
    }
    if (key->key() == Qt::Key_Backspace && isListShown()) {
        m_sinceKey.start();
        schedule(); // the word got shorter: list again for what remains
    }
    return QObject::eventFilter(watched, event);
}

} // namespace dbx::ui
