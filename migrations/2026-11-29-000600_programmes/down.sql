DROP TABLE programme_slot_methods;
DROP TABLE programme_slots;
DROP TABLE programmes;
