// DirectoryFile: the htmse directory file ("format": "htmse-directory"), written by the demo
// generator and by exports, read by the importers. One record per line, streamed on write.
#pragma once

#include "domain/Organisation.h"
#include "domain/Professional.h"

#include <QIODevice>
#include <QJsonObject>
#include <QList>

namespace htmse {

struct DirectoryFileContents
{
    QJsonObject header; // every top-level key other than the record arrays
    QList<Organisation> organisations;
    QList<Professional> professionals;
    ValidationProblems problems; // every problem, with its path (e.g. professionals[12].languages[0].code)
    qsizetype skipped = 0;       // records left out because of their problems
    bool readable = false;       // false when the file as a whole could not be used
    bool complete = true;        // false when it broke off after its header: the records before are kept
};

class DirectoryFile
{
public:
    static constexpr int kVersion = 1;
    static constexpr qsizetype kMaxBytes = qsizetype(1) << 30; // 1 GiB

    // Reads a directory file held in memory. Bad records are reported and skipped; good ones are
    // kept. Importers stream files through DirectoryReader instead, which this uses too.
    static DirectoryFileContents read(const QByteArray& bytes);

    // Streams a file: begin(), organisations, professionals, finish(). Write errors (a full
    // disk) are sticky and reported by finish(); callers write through QSaveFile so that a
    // failed write leaves the previous file untouched.
    class Writer
    {
    public:
        explicit Writer(QIODevice* device);
        void begin(const QJsonObject& header);
        void addOrganisation(const Organisation& organisation);
        void addProfessional(const Professional& professional);
        bool finish();
        QString errorString() const { return m_error; }

    private:
        void write(const QByteArray& bytes);
        void openSection(int section);

        QIODevice* m_device;
        int m_section = -1; // -1 before begin, 0 organisations, 1 professionals, 2 finished
        bool m_firstInSection = true;
        QString m_error;
    };
};

} // namespace htmse
