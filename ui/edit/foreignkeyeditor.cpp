#include "ui/edit/foreignkeyeditor.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QToolButton>

namespace dbx::ui {

namespace {
constexpr int KeyRole = Qt::UserRole;
constexpr int LabelRole = Qt::UserRole + 1;
} // namespace

ForeignKeyEditor::ForeignKeyEditor(model::Database *db, const model::ForeignLabel &fk,
                                   bool nullable, QWidget *parent)
    : QWidget(parent)
    , m_lookup(new model::ForeignKeyLookup(db, fk, this))
    , m_edit(new QLineEdit(this))
    , m_popup(new QListWidget(this))
    , m_fk(fk)
    , m_nullable(nullable)
{
    m_edit->setObjectName(QStringLiteral("foreignKeyText"));
    m_edit->setPlaceholderText(nullable ? QStringLiteral("NULL") : tr("Type to search…"));
    m_edit->setToolTip(m_lookup->hasLabel()
                           ? tr("Type a part of %1 or a key of %2").arg(fk.labelColumn, fk.refTable)
                           : tr("Type the start of a key of %1").arg(fk.refTable));
    m_edit->installEventFilter(this);
    setFocusProxy(m_edit);
    // A delegate's editor is painted over the cell: it must not let the cell show through.
    setAutoFillBackground(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_edit, 1);
    if (nullable) {
        m_nullButton = new QToolButton(this);
        m_nullButton->setObjectName(QStringLiteral("foreignKeyNull"));
        m_nullButton->setText(QStringLiteral("NULL"));
        m_nullButton->setToolTip(tr("Set to NULL (no referenced row)"));
        m_nullButton->setFocusPolicy(Qt::NoFocus);
        layout->addWidget(m_nullButton);
        connect(m_nullButton, &QToolButton::clicked, this, [this] {
            setNull();
            emit valueChosen();
        });
    }

    // The list floats below the field; the field keeps the focus, so typing goes on while the
    // list is open, and a delegate does not take the popup for leaving the editor.
    m_popup->setObjectName(QStringLiteral("foreignKeyPopup"));
    m_popup->setWindowFlags(Qt::Popup);
    m_popup->setFocusPolicy(Qt::NoFocus);
    m_popup->setFocusProxy(m_edit);
    m_popup->setMouseTracking(true);
    m_popup->setUniformItemSizes(true);
    m_popup->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_popup->installEventFilter(this);
    connect(m_popup, &QListWidget::itemClicked, this, &ForeignKeyEditor::choose);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(debounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &ForeignKeyEditor::search);
    connect(m_edit, &QLineEdit::textEdited, this, [this] {
        m_wantPopup = true;
        m_debounce.start();
    });
    connect(m_lookup, &model::ForeignKeyLookup::resultsReady, this, &ForeignKeyEditor::showResults);
    connect(m_lookup, &model::ForeignKeyLookup::failed, this, [this](const model::DbError &e) {
        m_commitWhenReady = false;
        m_results.clear();
        hidePopup();
        setProblem(tr("Search failed: %1").arg(e.oneLine()));
    });
}

ForeignKeyEditor::~ForeignKeyEditor() = default;

QString ForeignKeyEditor::displayText() const
{
    if (m_null)
        return {};
    if (m_label.isEmpty())
        return m_key;
    return m_key + QStringLiteral(" · ") + m_label;
}

void ForeignKeyEditor::showValue()
{
    m_edit->setText(displayText());
    // Typing replaces the shown value: a search starts from scratch.
    m_edit->selectAll();
}

void ForeignKeyEditor::setValue(const QString &key, const QString &label)
{
    m_debounce.stop();
    m_lookup->cancel();
    m_wantPopup = false;
    m_commitWhenReady = false;
    m_key = key;
    m_label = label;
    m_null = false;
    showValue();
    setProblem({});
}

void ForeignKeyEditor::setProblem(const QString &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    m_edit->setStyleSheet(problem.isEmpty() ? QString()
                                            : QStringLiteral("QLineEdit { border: 1px solid "
                                                             "#c62828; }"));
    emit problemChanged(problem);
}

void ForeignKeyEditor::setNull()
{
    if (!m_nullable)
        return;
    m_debounce.stop();
    m_lookup->cancel();
    m_wantPopup = false;
    m_commitWhenReady = false;
    m_key.clear();
    m_label.clear();
    m_null = true;
    showValue();
    setProblem({});
}

void ForeignKeyEditor::search()
{
    m_debounce.stop();
    const QString text = m_edit->text();
    // The shown value is no search term: asking for the list then means "show me the rows".
    m_lookup->search(text == displayText() ? QString() : text.trimmed());
}

void ForeignKeyEditor::showResults(const QList<model::LookupItem> &items)
{
    m_results = items;
    if (m_commitWhenReady) {
        m_commitWhenReady = false;
        resolveTyped();
        return;
    }
    if (items.isEmpty()) {
        // Said beside the field, not in a popup: a popup would swallow the next click.
        hidePopup();
        setProblem(tr("No row of %1 matches \"%2\"").arg(m_fk.refTable, m_edit->text().trimmed()));
        return;
    }
    setProblem({});
    m_popup->clear();
    for (const model::LookupItem &item : items) {
        const QString text =
            item.label.isEmpty() ? item.key : item.key + QStringLiteral(" — ") + item.label;
        auto *row = new QListWidgetItem(text, m_popup);
        row->setData(KeyRole, item.key);
        row->setData(LabelRole, item.label);
        row->setToolTip(text);
    }
    if (items.size() == model::ForeignKeyLookup::limit) {
        auto *more = new QListWidgetItem(tr("More rows match: type more to narrow"), m_popup);
        more->setFlags(Qt::NoItemFlags);
    }
    // The best match is highlighted, so Enter alone takes it.
    m_popup->setCurrentRow(0);
    showPopup();
}

void ForeignKeyEditor::showPopup()
{
    if (!m_wantPopup || !isVisible())
        return;
    const int rows = qBound(1, m_popup->count(), visibleRows);
    const int height = rows * qMax(m_popup->sizeHintForRow(0), 1) + 2 * m_popup->frameWidth();
    const QPoint below = m_edit->mapToGlobal(QPoint(0, m_edit->height()));
    m_popup->setGeometry(below.x(), below.y(), qMax(m_edit->width(), 320), height);
    m_popup->show();
}

void ForeignKeyEditor::hidePopup()
{
    m_popup->hide();
}

void ForeignKeyEditor::choose(const QListWidgetItem *item)
{
    if (!item || !(item->flags() & Qt::ItemIsEnabled))
        return;
    const QString key = item->data(KeyRole).toString();
    const QString label = item->data(LabelRole).toString();
    hidePopup();
    setValue(key, label);
    emit valueChosen();
}

void ForeignKeyEditor::commitTyped()
{
    const QString text = m_edit->text().trimmed();
    if (m_edit->text() == displayText()) {
        m_debounce.stop();
        m_lookup->cancel();
        emit valueChosen();
        return;
    }
    if (text.isEmpty()) {
        if (m_nullable)
            setNull();
        else
            showValue();
        emit valueChosen();
        return;
    }
    // Results still on their way describe an older text: wait for the current one.
    if (m_debounce.isActive() || m_lookup->isSearching()) {
        m_commitWhenReady = true;
        if (m_debounce.isActive())
            search();
        return;
    }
    resolveTyped();
}

void ForeignKeyEditor::resolveTyped()
{
    const QString text = m_edit->text().trimmed();
    const model::LookupItem *byKey = nullptr;
    const model::LookupItem *byLabel = nullptr;
    int labelMatches = 0;
    for (const model::LookupItem &item : std::as_const(m_results)) {
        if (!byKey && item.key == text)
            byKey = &item;
        if (item.label.compare(text, Qt::CaseInsensitive) == 0 && labelMatches++ == 0)
            byLabel = &item;
    }
    const model::LookupItem *match = byKey ? byKey : labelMatches == 1 ? byLabel : nullptr;
    if (!match && m_results.size() == 1)
        match = &m_results.first();
    if (match) {
        const model::LookupItem chosen = *match;
        hidePopup();
        setValue(chosen.key, chosen.label);
        emit valueChosen();
        return;
    }
    if (m_results.isEmpty()) {
        // Nothing has this key: the value stays what it was, and the reason is given.
        hidePopup();
        m_wantPopup = false;
        showValue();
        setProblem(
            tr("%1 = %2 does not match any row of %3").arg(m_fk.column, text, m_fk.refTable));
        return;
    }
    // Ambiguous: let the user pick from the list instead of guessing.
    m_wantPopup = true;
    showResults(m_results);
}

bool ForeignKeyEditor::popupKey(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter: {
        QListWidgetItem *current = m_popup->currentItem();
        if (current && (current->flags() & Qt::ItemIsEnabled)) {
            choose(current);
        } else {
            hidePopup();
            commitTyped();
        }
        return true;
    }
    case Qt::Key_Escape:
        m_wantPopup = false;
        hidePopup();
        m_debounce.stop();
        m_lookup->cancel();
        showValue();
        return true;
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
        return false; // the list moves its highlight
    case Qt::Key_Home:
    case Qt::Key_End:
        if (!(event->modifiers() & Qt::ControlModifier)) {
            // Without Ctrl they move the cursor in the field, as they would without a popup.
            m_edit->event(event);
            return true;
        }
        return false;
    default:
        // Everything else is typing: it goes on in the field, which searches again.
        m_edit->event(event);
        return true;
    }
}

bool ForeignKeyEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_popup && event->type() == QEvent::KeyPress)
        return popupKey(static_cast<QKeyEvent *>(event));
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            // Handled here, so a delegate does not commit before the typed row is resolved.
            commitTyped();
            return true;
        case Qt::Key_Down:
            // Opens the list: the rows matching the typed text, or the first rows.
            m_wantPopup = true;
            if (!m_results.isEmpty() && !m_debounce.isActive() && !m_lookup->isSearching() &&
                m_edit->text() != displayText())
                showResults(m_results);
            else
                search();
            return true;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ForeignKeyEditor::hideEvent(QHideEvent *event)
{
    hidePopup();
    m_debounce.stop();
    m_lookup->cancel();
    QWidget::hideEvent(event);
}

} // namespace dbx::ui
