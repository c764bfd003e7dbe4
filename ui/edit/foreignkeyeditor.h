#pragma once

#include "model/data/foreignkeylookup.h"

#include <QList>
#include <QTimer>
#include <QWidget>

class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QToolButton;

namespace dbx::ui {

// Edits a foreign-key value by searching the referenced rows: the field shows "17 · alice",
// typing a piece of a label or a key lists matching rows in a popup ("17 — alice") to pick with
// the keyboard or the mouse. Works as an item-delegate editor (valueChosen() is the moment to
// commit and close) and as a field of a form. NULL can be chosen only for nullable columns.
class ForeignKeyEditor : public QWidget {
    Q_OBJECT
public:
    // How long typing must pause before a search starts: one query per word, not per key.
    static constexpr int debounceMs = 150;
    // Rows visible in the popup before it scrolls.
    static constexpr int visibleRows = 10;

    ForeignKeyEditor(model::Database *db, const model::ForeignLabel &fk, bool nullable,
                     QWidget *parent = nullptr);
    ~ForeignKeyEditor() override;

    // The referenced key as text; empty when the value is NULL.
    QString key() const { return m_key; }
    QString label() const { return m_label; }
    bool isNull() const { return m_null; }
    bool isNullable() const { return m_nullable; }
    void setValue(const QString &key, const QString &label);
    // Ignored for a NOT NULL column: its editor never holds NULL once it has a value.
    void setNull();

signals:
    // The user picked a row (or NULL, or confirmed the shown value): commit and close.
    void valueChosen();
    // Why the typed text was not taken ("worker_id = 4242 does not match any row of
    // workers"), or empty once that no longer holds. Shown by whoever holds the editor: a
    // popup that says so would take the next clicks for closing itself.
    void problemChanged(const QString &problem);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QString displayText() const;
    void showValue();
    void search();
    void showResults(const QList<model::LookupItem> &items);
    void showPopup();
    void hidePopup();
    void choose(const QListWidgetItem *item);
    // Enter in the field: the row whose key or label was typed, NULL for an empty field.
    void commitTyped();
    void resolveTyped();
    bool popupKey(QKeyEvent *event);
    void setProblem(const QString &problem);

    model::ForeignKeyLookup *m_lookup;
    QLineEdit *m_edit;
    QToolButton *m_nullButton = nullptr;
    QListWidget *m_popup;
    QTimer m_debounce;
    QList<model::LookupItem> m_results;
    QString m_key;
    QString m_label;
    QString m_problem;
    model::ForeignLabel m_fk;
    bool m_null = true;
    bool m_nullable;
    // The user typed since the last choice: results may open the popup.
    bool m_wantPopup = false;
    // Enter was pressed before the search for the typed text answered.
    bool m_commitWhenReady = false;
};

} // namespace dbx::ui
