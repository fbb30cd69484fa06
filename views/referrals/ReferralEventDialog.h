// ReferralEventDialog: what one event of a referral needs before it is recorded — the reason for
// a decline, the outcome of a completion, the text of a note, who recorded a withdrawal of
// consent — with the problems in plain words and OK only when the event can be recorded.
#pragma once

#include "domain/ReferralTransitions.h"

#include <QDate>
#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace htmse {

class ReferralEventDialog : public QDialog
{
    Q_OBJECT

public:
    ReferralEventDialog(ReferralEventType type, const QDate& today, const QString& recordedBy, QWidget* parent);

    ReferralEventType type() const { return m_type; }
    QJsonObject payload() const;
    QString problem() const; // empty when the event can be recorded

private:
    void update();

    ReferralEventType m_type;
    QComboBox* m_reason = nullptr;     // declined: the structured reason
    QComboBox* m_success = nullptr;    // completed: successful or not
    QPlainTextEdit* m_text = nullptr;  // the note, outcome, or reason in words
    QPlainTextEdit* m_why = nullptr;   // completed without success: why
    QDateEdit* m_date = nullptr;       // consent withdrawn: when
    QLineEdit* m_recordedBy = nullptr; // consent withdrawn: who recorded it
    QLabel* m_message;
    QDialogButtonBox* m_buttons;
};

} // namespace htmse
