// ReferralStatutoryPage: the UK statutory route (National Referral Mechanism, duty to notify, or
// none), its reference, and the reasonable- and conclusive-grounds decisions with their dates.
#pragma once

#include "domain/ReferralEvent.h"

#include <QWizardPage>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;

namespace htmse {

class ReferralStatutoryPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ReferralStatutoryPage(QWidget* parent = nullptr);

    void setToday(const QDate& today);
    bool isComplete() const override;
    std::optional<StatutoryRoute> route() const; // nullopt for "none" with nothing else given
    void clearAll();

private:
    void update();

    QComboBox* m_route;
    QLineEdit* m_reference;
    QComboBox* m_reasonable;
    QDateEdit* m_reasonableDate;
    QComboBox* m_conclusive;
    QDateEdit* m_conclusiveDate;
    QLabel* m_message;
};

} // namespace htmse
