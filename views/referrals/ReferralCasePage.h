// ReferralCasePage: the wizard's first page — the pseudonymous case reference (with a warning when
// it looks like a name or holds a date of birth), the kind of referral, urgency, age band, gender.
#pragma once

#include "domain/ReferralEvent.h"

#include <QWizardPage>

class QComboBox;
class QLabel;
class QLineEdit;

namespace htmse {

class ReferralCasePage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ReferralCasePage(QWidget* parent = nullptr);

    bool isComplete() const override;
    void apply(ReferralDetails& details) const;
    QString kind() const;
    void setKind(const QString& kind);
    void clearAll();

signals:
    void kindChanged();

private:
    void checkCaseRef();

    QLineEdit* m_caseRef;
    QLabel* m_caseRefMessage;
    QComboBox* m_kind;
    QComboBox* m_urgency;
    QComboBox* m_ageBand;
    QComboBox* m_gender;
};

} // namespace htmse
