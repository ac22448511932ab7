//! The message of every violation code in Arabic, English, French and
//! Spanish. `{0}`, `{1}` are replaced by the violation's arguments.

use crate::model::WorkingLanguage;

/// `[ar, en, fr, es]` templates for a code.
fn templates(code: &str) -> Option<[&'static str; 4]> {
    Some(match code {
        "JSON.SYNTAX" => [
            "JSON غير صالح: {0}",
            "Invalid JSON: {0}",
            "JSON invalide : {0}",
            "JSON no válido: {0}",
        ],
        "JSON.TOO_DEEP" => [
            "الوثيقة متداخلة بعمق مفرط: {0}",
            "The document is nested too deeply: {0}",
            "Le document est trop profondément imbriqué : {0}",
            "El documento está anidado a demasiada profundidad: {0}",
        ],
        "JSON.INVALID_UTF8" => [
            "الوثيقة ليست نصاً صالحاً بترميز UTF-8: {0}",
            "The document is not valid UTF-8: {0}",
            "Le document n'est pas en UTF-8 valide : {0}",
            "El documento no es UTF-8 válido: {0}",
        ],
        "DOCUMENT.TOO_LARGE" => [
            "الوثيقة كبيرة جداً: {0}",
            "The document is too large: {0}",
            "Le document est trop volumineux : {0}",
            "El documento es demasiado grande: {0}",
        ],
        "FIELD.UNKNOWN" => [
            "حقل غير معروف: {0}",
            "Unknown field: {0}",
            "Champ inconnu : {0}",
            "Campo desconocido: {0}",
        ],
        "FIELD.UNKNOWN_MEMBER" => [
            "العضو {0} غير معروف في هذا الإصدار من العقد: لا يُرسل",
            "Member {0} is not in this version of the contract: it is not sent",
            "Le membre {0} n'existe pas dans cette version du contrat : il n'est pas envoyé",
            "El miembro {0} no existe en esta versión del contrato: no se envía",
        ],
        "FIELD.UNKNOWN_VALUE" => [
            "القيمة {0} غير معروفة في هذا الإصدار من العقد: لا تُرسل",
            "Value {0} is not in this version of the contract: it is not sent",
            "La valeur {0} n'existe pas dans cette version du contrat : elle n'est pas envoyée",
            "El valor {0} no existe en esta versión del contrato: no se envía",
        ],
        "DOCUMENT.VERSION_UNSUPPORTED" => [
            "إصدار العقد غير مدعوم: {0}",
            "Unsupported contract version: {0}",
            "Version du contrat non prise en charge : {0}",
            "Versión del contrato no admitida: {0}",
        ],
        "FIELD.MISSING" => [
            "حقل إلزامي ناقص: {0}",
            "Required field missing: {0}",
            "Champ obligatoire manquant : {0}",
            "Falta un campo obligatorio: {0}",
        ],
        "FIELD.TYPE" => [
            "نوع القيمة غير صحيح: {0}",
            "Wrong type of value: {0}",
            "Type de valeur incorrect : {0}",
            "Tipo de valor incorrecto: {0}",
        ],
        "FIELD.INVALID" => [
            "قيمة غير صالحة: {0}",
            "Invalid value: {0}",
            "Valeur invalide : {0}",
            "Valor no válido: {0}",
        ],
        "FIELD.TOO_LONG" => [
            "النص طويل جداً ({0} بايت، الحد الأقصى {1})",
            "Text too long ({0} bytes, at most {1})",
            "Texte trop long ({0} octets, au plus {1})",
            "Texto demasiado largo ({0} bytes, como máximo {1})",
        ],
        "FIELD.EMPTY" => [
            "الحقل فارغ: احذفه أو املأه",
            "Empty text: omit the field or fill it",
            "Texte vide : omettez le champ ou remplissez-le",
            "Texto vacío: omita el campo o rellénelo",
        ],
        "FIELD.COUNTRY_UNKNOWN" => [
            "رمز البلد {0} ليس رمزاً من ISO 3166-1",
            "{0} is not an ISO 3166-1 country code",
            "{0} n'est pas un code pays ISO 3166-1",
            "{0} no es un código de país ISO 3166-1",
        ],
        "FIELD.ICAO_UNKNOWN" => [
            "الرمز {0} ليس رمز دولة أو هيئة وفق الإيكاو 9303",
            "{0} is not an ICAO 9303 state or organisation code",
            "{0} n'est pas un code d'État ou d'organisation OACI 9303",
            "{0} no es un código de Estado u organización OACI 9303",
        ],
        "FIELD.LANGUAGE_UNKNOWN" => [
            "رمز اللغة {0} ليس رمزاً من ISO 639-2/B",
            "{0} is not an ISO 639-2/B language code",
            "{0} n'est pas un code de langue ISO 639-2/B",
            "{0} no es un código de idioma ISO 639-2/B",
        ],
        "DATE.IN_FUTURE" => [
            "التاريخ {0} في المستقبل",
            "The date {0} is in the future",
            "La date {0} est dans le futur",
            "La fecha {0} está en el futuro",
        ],
        "IDENT.FAMILY_NAME" => [
            "اسم العائلة مطلوب لنشرة من النوع {0}",
            "A family name is required for a {0} notice",
            "Un nom de famille est requis pour une notice {0}",
            "Se requiere un apellido para una notificación {0}",
        ],
        "IDENT.FORENAME" => [
            "الاسم الأول مطلوب لنشرة من النوع {0}",
            "A forename is required for a {0} notice",
            "Un prénom est requis pour une notice {0}",
            "Se requiere un nombre para una notificación {0}",
        ],
        "IDENT.SEX" => [
            "الجنس مطلوب لنشرة من النوع {0}",
            "Sex is required for a {0} notice",
            "Le sexe est requis pour une notice {0}",
            "El sexo es obligatorio para una notificación {0}",
        ],
        "IDENT.DATE_OF_BIRTH" => [
            "تاريخ الميلاد (السنة على الأقل) مطلوب لنشرة من النوع {0}",
            "A date of birth (at least the year) is required for a {0} notice",
            "Une date de naissance (au moins l'année) est requise pour une notice {0}",
            "Se requiere una fecha de nacimiento (al menos el año) para una notificación {0}",
        ],
        "IDENT.DESCRIPTION_OR_BIOMETRICS" => [
            "يلزم وصف بدني أو صورة أو بصمات أو بصمة وراثية أو وثيقة هوية لنشرة من النوع {0}",
            "A {0} notice needs a physical description, a photo, fingerprints, a DNA profile or an identity document",
            "Une notice {0} exige un signalement, une photo, des empreintes digitales, un profil ADN ou une pièce d'identité",
            "Una notificación {0} requiere una descripción física, una fotografía, huellas dactilares, un perfil de ADN o un documento de identidad",
        ],
        "IDENT.PHOTO_OR_BIOMETRICS" => [
            "يلزم صورة أو بصمات أو بصمة وراثية لنشرة من النوع {0}",
            "A {0} notice needs a photo, fingerprints or a DNA profile",
            "Une notice {0} exige une photo, des empreintes digitales ou un profil ADN",
            "Una notificación {0} requiere una fotografía, huellas dactilares o un perfil de ADN",
        ],
        "IDENT.PHYSICAL_DESCRIPTION" => [
            "يلزم وصف بدني لنشرة من النوع {0}",
            "A physical description is required for a {0} notice",
            "Un signalement est requis pour une notice {0}",
            "Se requiere una descripción física para una notificación {0}",
        ],
        "RPD83.FACTS" => [
            "يلزم ملخص للوقائع",
            "A summary of the facts is required",
            "Un résumé des faits est requis",
            "Se requiere un resumen de los hechos",
        ],
        "RPD83.CHARGES" => [
            "يلزم تهمة واحدة على الأقل",
            "At least one charge is required",
            "Au moins un chef d'accusation est requis",
            "Se requiere al menos un cargo",
        ],
        "RPD83.LEGAL_PROVISIONS" => [
            "يلزم ذكر النص القانوني الذي يجرّم الفعل",
            "The law covering the offence is required",
            "La disposition légale réprimant l'infraction est requise",
            "Se requiere la disposición legal que tipifica el delito",
        ],
        "RPD83.MAX_PENALTY" => [
            "يلزم ذكر العقوبة القصوى للملاحقة القضائية",
            "The maximum penalty is required for a prosecution",
            "La peine maximale est requise pour des poursuites",
            "Se requiere la pena máxima para un enjuiciamiento",
        ],
        "RPD83.WARRANT" => [
            "يلزم مرجع أمر توقيف أو قرار قضائي ساري",
            "A reference to a valid arrest warrant or judicial decision is required",
            "La référence d'un mandat d'arrêt ou d'une décision judiciaire en vigueur est requise",
            "Se requiere la referencia de una orden de detención o resolución judicial vigente",
        ],
        "RPD83.SENTENCE" => [
            "يلزم ذكر العقوبة المحكوم بها والمدة المتبقية",
            "The sentence imposed and the time remaining are required",
            "La peine prononcée et la durée restant à purger sont requises",
            "Se requieren la pena impuesta y el tiempo restante",
        ],
        "RPD83.PENALTY_THRESHOLD" => [
            "العقوبة ({0} شهراً) دون الحد الأدنى ({1} شهراً)",
            "The penalty ({0} months) is below the threshold ({1} months)",
            "La peine ({0} mois) est inférieure au seuil ({1} mois)",
            "La pena ({0} meses) es inferior al umbral ({1} meses)",
        ],
        "RPD83.EXCLUDED_OFFENCE" => [
            "لا يجوز نشر نشرة حمراء بشأن جرائم من فئة {0}",
            "No Red Notice may be published for offences of the category {0}",
            "Aucune notice rouge ne peut être publiée pour des infractions de la catégorie {0}",
            "No puede publicarse una notificación roja por delitos de la categoría {0}",
        ],
        "RPD90.POLICE_REPORT" => [
            "يجب أن تكون الواقعة مبلغاً عنها ومسجلة لدى الشرطة: أضف مرجع المحضر",
            "The disappearance or discovery must be recorded by the police: add the report reference",
            "La disparition ou la découverte doit être enregistrée par la police : ajoutez la référence du procès-verbal",
            "La desaparición o el hallazgo debe constar en la policía: añada la referencia de la denuncia",
        ],
        "TEXT.NO_WORKING_LANGUAGE" => [
            "النص بلغة {0} وليس له ترجمة إلى لغة عمل",
            "The text is in {0} with no translation into a working language",
            "Le texte est en {0} sans traduction dans une langue de travail",
            "El texto está en {0} sin traducción a un idioma de trabajo",
        ],
        "RETENTION.EXPIRY_MISSING" => [
            "يلزم تاريخ انتهاء للنشرة أو للتعميم",
            "A notice or diffusion needs an expiry date",
            "Une notice ou une diffusion doit avoir une date d'expiration",
            "Una notificación o difusión necesita una fecha de caducidad",
        ],
        "RETENTION.EXPIRY_TOO_LATE" => [
            "تاريخ الانتهاء {0} يتجاوز خمس سنوات من الإنشاء",
            "The expiry {0} is more than five years after creation",
            "L'expiration {0} dépasse cinq ans après la création",
            "La caducidad {0} supera los cinco años desde la creación",
        ],
        "RETENTION.EXPIRED" => [
            "انتهت صلاحية البيانات في {0}",
            "The data expired on {0}",
            "Les données ont expiré le {0}",
            "Los datos caducaron el {0}",
        ],
        "RETENTION.REVIEW_DUE" => [
            "يجب أن يكون تاريخ المراجعة قبل الانتهاء بستة أشهر ({0})",
            "The review must be due six months before expiry ({0})",
            "Le réexamen doit intervenir six mois avant l'expiration ({0})",
            "La revisión debe vencer seis meses antes de la caducidad ({0})",
        ],
        "ENVELOPE.NO_RECIPIENT" => [
            "يلزم مستلم واحد على الأقل",
            "At least one recipient is required",
            "Au moins un destinataire est requis",
            "Se requiere al menos un destinatario",
        ],
        "ENVELOPE.MESSAGE_TO_ALL" => [
            "الرسالة المباشرة تُرسل إلى مكاتب محددة وليس إلى الجميع",
            "A direct message goes to named NCBs, not to all",
            "Un message direct va à des BCN désignés, pas à tous",
            "Un mensaje directo se dirige a OCN concretas, no a todas",
        ],
        "ACCESS.DENY_SENDER" => [
            "لا يجوز أن تتضمن قائمة المنع المرسل {0}",
            "The deny list cannot name the sender {0}",
            "La liste d'exclusion ne peut pas nommer l'expéditeur {0}",
            "La lista de exclusión no puede incluir al remitente {0}",
        ],
        "ACCESS.RECIPIENT_DENIED" => [
            "المستلم {0} مدرج في قائمة المنع",
            "The recipient {0} is on the deny list",
            "Le destinataire {0} figure sur la liste d'exclusion",
            "El destinatario {0} figura en la lista de exclusión",
        ],
        "ACCESS.ALLOW_AND_DENY" => [
            "المكتب {0} مسموح له وممنوع في آن واحد",
            "{0} is both allowed and denied",
            "{0} est à la fois autorisé et exclu",
            "{0} está a la vez permitido y excluido",
        ],
        "MARKING.CODE_UNKNOWN" => [
            "الرمز {1} غير معروف في المخطط {0}",
            "{1} is not a code of the scheme {0}",
            "{1} n'est pas un code du schéma {0}",
            "{1} no es un código del esquema {0}",
        ],
        "MARKING.TEXT_REQUIRED" => [
            "هذه العلامة تتطلب نص التعليمات",
            "This marking needs the text of its instruction",
            "Ce marquage exige le texte de sa consigne",
            "Esta marca requiere el texto de su instrucción",
        ],
        "CHECK.NO_CRITERIA" => [
            "يلزم معيار بحث واحد على الأقل",
            "At least one search criterion is required",
            "Au moins un critère de recherche est requis",
            "Se requiere al menos un criterio de búsqueda",
        ],
        "RECORD.NO_IDENTIFIER" => [
            "يلزم رقم تعريف المركبة أو رقم المحرك أو اللوحة",
            "A VIN, engine number or plate is required",
            "Un VIN, un numéro de moteur ou une immatriculation est requis",
            "Se requiere un VIN, un número de motor o una matrícula",
        ],
        "NOTICE.SUBJECT_REQUIRED" => [
            "يلزم وصف الشخص عندما يكون التهديد شخصاً",
            "The person is required when the threat is a person",
            "La personne est requise lorsque la menace est une personne",
            "Se requiere la persona cuando la amenaza es una persona",
        ],
        "NOTICE.ASSETS_REQUIRED" => [
            "يلزم أصل واحد على الأقل",
            "At least one asset is required",
            "Au moins un bien est requis",
            "Se requiere al menos un activo",
        ],
        "NOTICE.OFFENCES_REQUIRED" => [
            "يلزم ذكر الجرائم التي تأتت منها الأصول",
            "The offences the assets derive from are required",
            "Les infractions dont proviennent les biens sont requises",
            "Se requieren los delitos de los que proceden los activos",
        ],
        "NOTICE.NAME_REQUIRED" => [
            "يلزم اسم الشخص أو الكيان المدرج",
            "The listed person's or entity's name is required",
            "Le nom de la personne ou de l'entité inscrite est requis",
            "Se requiere el nombre de la persona o entidad incluida en la lista",
        ],
        "PERSON.HEIGHT_RANGE" => [
            "الطول {0} م خارج النطاق المعقول",
            "The height {0} m is out of range",
            "La taille {0} m est hors limites",
            "La estatura {0} m está fuera de rango",
        ],
        "PERSON.WEIGHT_RANGE" => [
            "الوزن {0} كغ خارج النطاق المعقول",
            "The weight {0} kg is out of range",
            "Le poids {0} kg est hors limites",
            "El peso {0} kg está fuera de rango",
        ],
        "PERSON.AGE_RANGE" => [
            "نطاق العمر المقدر غير صالح",
            "The estimated age range is invalid",
            "La fourchette d'âge estimée est invalide",
            "El rango de edad estimada no es válido",
        ],
        "DIFFUSION.JUDICIAL_REQUIRED" => [
            "نشرة الشخص المطلوب تتطلب الشخص والبيانات القضائية",
            "A wanted-person diffusion needs the person and the judicial data",
            "Une diffusion de recherche exige la personne et les données judiciaires",
            "Una difusión de persona buscada requiere la persona y los datos judiciales",
        ],
        "ICAO.NOT_ISSUER" => [
            "الرمز {0} رمز جنسية وليس جهة إصدار: لا تصدر أي وثيقة تحته",
            "{0} is a nationality code, not an issuer: no document is issued under it",
            "{0} est un code de nationalité, pas d'émetteur : aucun document n'est délivré sous ce code",
            "{0} es un código de nacionalidad, no de emisor: ningún documento se expide con él",
        ],
        "ICAO.SPECIMEN" => [
            "الرمز {0} هو دولة العينة في الوثيقة 9303 للإيكاو وليس رمزاً مخصصاً",
            "{0} is the specimen State of ICAO Doc 9303, not an assigned code",
            "{0} est l'État fictif des spécimens du Doc 9303 de l'OACI, pas un code attribué",
            "{0} es el Estado ficticio de los especímenes del Doc 9303 de la OACI, no un código asignado",
        ],
        "RPD83.EXCLUDED_CHARGE" => [
            "التهمة من فئة {0} مستبعدة: ستحذفها الأمانة العامة وتنشر النشرة بالتهم الأخرى",
            "The charge of category {0} is excluded: the General Secretariat will drop it and publish on the other charges",
            "L'accusation de catégorie {0} est exclue : le Secrétariat général l'écartera et publiera sur les autres",
            "El cargo de la categoría {0} está excluido: la Secretaría General lo retirará y publicará con los demás",
        ],
        "RPD84.EXTRADITION_ASSURANCE" => [
            "يجب أن يضمن المكتب المركزي الوطني الطالب أن التسليم سيُطلب",
            "The requesting NCB must assure that extradition will be sought",
            "Le BCN requérant doit garantir que l'extradition sera demandée",
            "La OCN requirente debe garantizar que se solicitará la extradición",
        ],
        "ART3.NEUTRALITY" => [
            "جميع التهم ذات طابع {0}: المادة 3 من القانون الأساسي تحظر أي تدخل",
            "Every charge is of a {0} character: Constitution Art 3 forbids any intervention",
            "Toutes les accusations sont de caractère {0} : l'article 3 du Statut interdit toute intervention",
            "Todos los cargos son de carácter {0}: el artículo 3 del Estatuto prohíbe toda intervención",
        ],
        "ART3.PREDOMINANCE" => [
            "تهمة ذات طابع {0} إلى جانب تهم من القانون العام: ستقيّم الأمانة العامة العنصر الغالب",
            "A charge of a {0} character beside ordinary-law charges: the General Secretariat will weigh which element predominates",
            "Une accusation de caractère {0} à côté d'infractions de droit commun : le Secrétariat général appréciera l'élément prédominant",
            "Un cargo de carácter {0} junto a delitos comunes: la Secretaría General valorará qué elemento predomina",
        ],
        "ART3.KEYWORD" => [
            "يتضمن النص «{0}»: بيّن الطابع الجنائي العادي للوقائع (المادة 3)",
            "The text mentions “{0}”: show the ordinary-law nature of the facts (Art 3)",
            "Le texte mentionne « {0} » : montrez le caractère de droit commun des faits (art. 3)",
            "El texto menciona «{0}»: muestre el carácter de delito común de los hechos (art. 3)",
        ],
        "DATA.BIRTH_AFTER_EVENT" => [
            "تاريخ الميلاد {0} لاحق للواقعة {1}",
            "The date of birth {0} is after the event {1}",
            "La date de naissance {0} est postérieure aux faits {1}",
            "La fecha de nacimiento {0} es posterior al hecho {1}",
        ],
        "PERSON.AGE_IMPLAUSIBLE" => [
            "العمر ({0} سنة) غير معقول: يجب أن يكون بين 0 و120",
            "The age ({0} years) is implausible: it must be between 0 and 120",
            "L'âge ({0} ans) est invraisemblable : il doit être compris entre 0 et 120",
            "La edad ({0} años) es inverosímil: debe estar entre 0 y 120",
        ],
        "DATA.DUPLICATE_NATIONALITY" => [
            "الجنسية {0} مذكورة أكثر من مرة",
            "The nationality {0} is listed more than once",
            "La nationalité {0} figure plusieurs fois",
            "La nacionalidad {0} figura más de una vez",
        ],
        "DATA.EXPIRY_BEFORE_ISSUE" => [
            "تاريخ انتهاء الوثيقة سابق لتاريخ إصدارها",
            "The document expires before it was issued",
            "Le document expire avant sa date de délivrance",
            "El documento caduca antes de su fecha de expedición",
        ],
        "DATA.SENTENCE_REMAINING" => [
            "المدة المتبقية ({0} شهراً) تتجاوز العقوبة المحكوم بها ({1} شهراً)",
            "The remaining sentence ({0} months) exceeds the sentence imposed ({1} months)",
            "Le reliquat de peine ({0} mois) dépasse la peine prononcée ({1} mois)",
            "La pena restante ({0} meses) supera la pena impuesta ({1} meses)",
        ],
        "DATA.WARRANT_AFTER_REQUEST" => [
            "تاريخ المذكرة {0} لاحق للطلب",
            "The warrant's date {0} is after the request",
            "La date du mandat {0} est postérieure à la demande",
            "La fecha de la orden {0} es posterior a la solicitud",
        ],
        "UN.REFERENCE_FORMAT" => [
            "المرجع الأممي {0} لا يطابق الشكل QDi.432 (i لفرد، e لكيان)",
            "The UN reference {0} does not have the form QDi.432 (i for an individual, e for an entity)",
            "La référence ONU {0} n'a pas la forme QDi.432 (i pour une personne, e pour une entité)",
            "La referencia de la ONU {0} no tiene la forma QDi.432 (i para una persona, e para una entidad)",
        ],
        "RPD10.PURPOSE" => [
            "الغرض {0} لا يتوافق مع نشرة من نوع {1}",
            "The purpose {0} does not fit a notice of type {1}",
            "La finalité {0} ne correspond pas à une notice de type {1}",
            "La finalidad {0} no corresponde a una notificación de tipo {1}",
        ],
        "RPD44.STATUS_MISSING" => [
            "يجب أن يذكر المصدر وضع الشخص (مدان، متهم، مشتبه فيه، شاهد، ضحية، مفقود…)",
            "The source must state the person's status (convicted, charged, suspect, witness, victim, missing…)",
            "La source doit indiquer le statut de la personne (condamnée, accusée, suspecte, témoin, victime, disparue…)",
            "La fuente debe indicar la situación de la persona (condenada, acusada, sospechosa, testigo, víctima, desaparecida…)",
        ],
        "RPD44.STATUS_INCONSISTENT" => [
            "وضع الشخص {0} لا يتوافق مع نوع النشرة أو الغرض منها",
            "The person's status {0} does not fit the notice type or purpose",
            "Le statut de la personne {0} ne correspond pas au type ou à la finalité de la notice",
            "La situación de la persona {0} no corresponde al tipo o la finalidad de la notificación",
        ],
        "RPD42.SENSITIVE_PUBLIC" => [
            "لا تُنشر البيانات البيومترية في مستخرج علني دون مبرر",
            "Biometric data may not appear in a public extract without a justification",
            "Des données biométriques ne peuvent figurer dans un extrait public sans justification",
            "Los datos biométricos no pueden figurar en un extracto público sin justificación",
        ],
        "RPD42.SENSITIVE_JUSTIFICATION" => [
            "البيانات البيومترية بيانات بالغة الحساسية: بيّن سبب الحاجة إليها",
            "Biometric data are particularly sensitive: state why they are needed",
            "Les données biométriques sont particulièrement sensibles : indiquez pourquoi elles sont nécessaires",
            "Los datos biométricos son especialmente sensibles: indique por qué son necesarios",
        ],
        "RPD90.ADULT_PRIVACY" => [
            "بالنسبة لشخص بالغ مفقود، يجب أن يشهد المصدر بأن قانون الخصوصية الوطني لا يمنع الطلب",
            "For an adult missing person, the source must attest that national privacy law does not prevent the request",
            "Pour un adulte disparu, la source doit attester que le droit national sur la vie privée n'empêche pas la demande",
            "Para un adulto desaparecido, la fuente debe certificar que la ley nacional de privacidad no impide la solicitud",
        ],
        "PERSON.MINOR" => [
            "الشخص قاصر ({0} سنة وقت الوقائع، {1} سنة وقت الطلب)",
            "The person is a minor ({0} years at the time of the facts, {1} at the request)",
            "La personne est mineure ({0} ans au moment des faits, {1} à la demande)",
            "La persona es menor de edad ({0} años en el momento de los hechos, {1} en la solicitud)",
        ],
        "MARKING.TLP_RED_TO_ALL" => [
            "TLP:RED مخصص لمستلمين محددين بالاسم: لا يُرسل إلى جميع المكاتب",
            "TLP:RED is for named recipients only: it cannot go to every NCB",
            "TLP:RED est réservé à des destinataires nommés : il ne peut aller à tous les BCN",
            "TLP:RED es solo para destinatarios nominales: no puede ir a todas las OCN",
        ],
        "MARKING.PUBLIC_NOT_CLEAR" => [
            "المستخرج العلني لا يحمل إلا TLP:CLEAR، لا {0}",
            "A public extract can only carry TLP:CLEAR, not {0}",
            "Un extrait public ne peut porter que TLP:CLEAR, pas {0}",
            "Un extracto público solo puede llevar TLP:CLEAR, no {0}",
        ],
        "RETENTION.RENEWAL_DATE" => [
            "تاريخ التجديد {0} يقع في المستقبل",
            "The renewal date {0} is in the future",
            "La date de renouvellement {0} est dans le futur",
            "La fecha de renovación {0} está en el futuro",
        ],
        "RPD89.ASSESSMENT" => [
            "يجب أن تذكر النشرة الخضراء السلطة التي قيّمت الخطر وأسس التقييم",
            "A Green Notice names the authority that assessed the threat and its grounds",
            "Une notice verte indique l'autorité qui a évalué la menace et ses motifs",
            "Una notificación verde indica la autoridad que evaluó la amenaza y sus motivos",
        ],
        "VIN.CHECK_DIGIT_MANDATORY" => [
            "رقم التحقق إلزامي لهذا الصانع ولا يطابق (المتوقع {0}): رقم الهيكل خاطئ أو مزور",
            "The check digit is mandatory for this manufacturer and does not verify (expected {0}): the VIN is mistyped or forged",
            "Le chiffre de contrôle est obligatoire pour ce constructeur et ne correspond pas ({0} attendu) : le VIN est erroné ou falsifié",
            "El dígito de control es obligatorio para este fabricante y no coincide (se esperaba {0}): el VIN es erróneo o falso",
        ],
        "VIN.MODEL_YEAR" => [
            "الخانة 10 هي سنة الطراز و«{0}» ليس رمز سنة",
            "Position 10 is the model year and `{0}` is not a model-year code",
            "La position 10 est l'année modèle et « {0} » n'est pas un code d'année",
            "La posición 10 es el año del modelo y «{0}» no es un código de año",
        ],
        "ORIGINATOR.NOT_SOURCE" => [
            "المكتب المركزي الوطني المنشئ {0} ليس المكتب المرسل",
            "The originating NCB {0} is not the sending NCB",
            "Le BCN d'origine {0} n'est pas le BCN expéditeur",
            "La OCN de origen {0} no es la OCN remitente",
        ],
        "ORIGINATOR.ENTITY_UNKNOWN" => [
            "الكيان الدولي {0} ليس من الكيانات المأذون لها بطلب النشرات",
            "The international entity {0} is not one authorised to request notices",
            "L'entité internationale {0} n'est pas de celles autorisées à demander des notices",
            "La entidad internacional {0} no figura entre las autorizadas a solicitar notificaciones",
        ],
        "ASSET.IDENTIFIER_INVALID" => [
            "المعرّف من نوع {0} غير صالح",
            "The {0} identifier is not valid",
            "L'identifiant de type {0} n'est pas valide",
            "El identificador de tipo {0} no es válido",
        ],
        _ => return None,
    })
}

/// Every code a report can carry.
pub fn all_codes() -> Vec<&'static str> {
    CODES.to_vec()
}

const CODES: &[&str] = &[
    "JSON.SYNTAX",
    "JSON.TOO_DEEP",
    "JSON.INVALID_UTF8",
    "DOCUMENT.TOO_LARGE",
    "FIELD.UNKNOWN",
    "FIELD.UNKNOWN_MEMBER",
    "FIELD.UNKNOWN_VALUE",
    "DOCUMENT.VERSION_UNSUPPORTED",
    "FIELD.MISSING",
    "FIELD.TYPE",
    "FIELD.INVALID",
    "FIELD.TOO_LONG",
    "FIELD.EMPTY",
    "FIELD.COUNTRY_UNKNOWN",
    "FIELD.ICAO_UNKNOWN",
    "FIELD.LANGUAGE_UNKNOWN",
    "DATE.IN_FUTURE",
    "IDENT.FAMILY_NAME",
    "IDENT.FORENAME",
    "IDENT.SEX",
    "IDENT.DATE_OF_BIRTH",
    "IDENT.DESCRIPTION_OR_BIOMETRICS",
    "IDENT.PHOTO_OR_BIOMETRICS",
    "IDENT.PHYSICAL_DESCRIPTION",
    "RPD83.FACTS",
    "RPD83.CHARGES",
    "RPD83.LEGAL_PROVISIONS",
    "RPD83.MAX_PENALTY",
    "RPD83.WARRANT",
    "RPD83.SENTENCE",
    "RPD83.PENALTY_THRESHOLD",
    "RPD83.EXCLUDED_OFFENCE",
    "RPD90.POLICE_REPORT",
    "TEXT.NO_WORKING_LANGUAGE",
    "RETENTION.EXPIRY_MISSING",
    "RETENTION.EXPIRY_TOO_LATE",
    "RETENTION.EXPIRED",
    "RETENTION.REVIEW_DUE",
    "ENVELOPE.NO_RECIPIENT",
    "ENVELOPE.MESSAGE_TO_ALL",
    "ACCESS.DENY_SENDER",
    "ACCESS.RECIPIENT_DENIED",
    "ACCESS.ALLOW_AND_DENY",
    "MARKING.CODE_UNKNOWN",
    "MARKING.TEXT_REQUIRED",
    "CHECK.NO_CRITERIA",
    "RECORD.NO_IDENTIFIER",
    "NOTICE.SUBJECT_REQUIRED",
    "NOTICE.ASSETS_REQUIRED",
    "NOTICE.OFFENCES_REQUIRED",
    "NOTICE.NAME_REQUIRED",
    "PERSON.HEIGHT_RANGE",
    "PERSON.WEIGHT_RANGE",
    "PERSON.AGE_RANGE",
    "DIFFUSION.JUDICIAL_REQUIRED",
    "ICAO.NOT_ISSUER",
    "ICAO.SPECIMEN",
    "RPD83.EXCLUDED_CHARGE",
    "RPD84.EXTRADITION_ASSURANCE",
    "ART3.NEUTRALITY",
    "ART3.PREDOMINANCE",
    "ART3.KEYWORD",
    "DATA.BIRTH_AFTER_EVENT",
    "PERSON.AGE_IMPLAUSIBLE",
    "DATA.DUPLICATE_NATIONALITY",
    "DATA.EXPIRY_BEFORE_ISSUE",
    "DATA.SENTENCE_REMAINING",
    "DATA.WARRANT_AFTER_REQUEST",
    "UN.REFERENCE_FORMAT",
    "RPD10.PURPOSE",
    "RPD44.STATUS_MISSING",
    "RPD44.STATUS_INCONSISTENT",
    "RPD42.SENSITIVE_PUBLIC",
    "RPD42.SENSITIVE_JUSTIFICATION",
    "RPD90.ADULT_PRIVACY",
    "PERSON.MINOR",
    "MARKING.TLP_RED_TO_ALL",
    "MARKING.PUBLIC_NOT_CLEAR",
    "RETENTION.RENEWAL_DATE",
    "RPD89.ASSESSMENT",
    "VIN.CHECK_DIGIT_MANDATORY",
    "VIN.MODEL_YEAR",
    "ORIGINATOR.NOT_SOURCE",
    "ORIGINATOR.ENTITY_UNKNOWN",
    "ASSET.IDENTIFIER_INVALID",
];

/// Renders the message of `code` in `lang`, filling in `args`. An unknown
/// code (from a newer hub) renders as the code itself with its arguments.
pub fn render(code: &str, lang: WorkingLanguage, args: &[String]) -> String {
    let Some(t) = templates(code) else {
        return if args.is_empty() {
            code.to_string()
        } else {
            format!("{code}: {}", args.join(", "))
        };
    };
    let template = t[match lang {
        WorkingLanguage::Ar => 0,
        WorkingLanguage::En => 1,
        WorkingLanguage::Fr => 2,
        WorkingLanguage::Es => 3,
    }];
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_four_messages_and_no_stray_placeholder() {
        for code in CODES {
            let t = templates(code).unwrap_or_else(|| panic!("{code} has no message"));
            for (i, m) in t.iter().enumerate() {
                assert!(!m.is_empty(), "{code}[{i}]");
                let filled = render(code, WorkingLanguage::ALL[i], &["A".into(), "B".into()]);
                assert!(
                    !filled.contains("{0}") && !filled.contains("{1}"),
                    "{code}[{i}]: {filled}"
                );
            }
        }
    }
}
