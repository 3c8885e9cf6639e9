// Asks the database which registers the signed-in person may read, once per session.
import { useEffect } from 'react';
import { loadRegisters } from './model/use-registers';

export function RegistersLoader() {
  useEffect(() => {
    void loadRegisters();
  }, []);
  return null;
}
